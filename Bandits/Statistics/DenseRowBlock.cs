namespace BanditServe.Bandits.Statistics;

/// <summary>
/// A block of dense rows, structure-of-arrays: the published float32 table (θ then 1/d per row, the
/// layout <see cref="Scoring.IScoringBackend"/> reads), the float64 statistics and one sequence
/// number per row.
/// </summary>
/// <remarks>
/// The table is a slice of a slab shared with the blocks before and after it (<see cref="DenseTableSlabs"/>), so a
/// whole-catalog scan reads one long run of memory that the prefetchers can follow across blocks.
/// </remarks>
internal sealed class DenseRowBlock(int rows, int dimension, float[] slab, int tableStart)
{
    /// <summary>The slab holding this block's table at <see cref="TableStart"/>.</summary>
    public readonly float[] Slab = slab;

    /// <summary>Where the table starts in <see cref="Slab"/>.</summary>
    public readonly int TableStart = tableStart;

    public readonly double[] SumSquares = new double[rows * dimension];
    public readonly double[] SumRewards = new double[rows * dimension];
    public readonly int[] Sequences = new int[rows];

    /// <summary>Odd while the writer changes any row of the block: readers of a whole batch check it once.</summary>
    public int Version;

    /// <summary>The table's length: <c>rows · 2 · dimension</c> floats.</summary>
    public readonly int TableLength = rows * 2 * dimension;

    /// <summary>The block's published table.</summary>
    public Span<float> Table => Slab.AsSpan(TableStart, TableLength);
}
