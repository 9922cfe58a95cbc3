using System.Runtime.InteropServices;

namespace BanditServe.Bandits.Statistics;

/// <summary>
/// A block of dense rows, structure-of-arrays: the published float32 table (θ then 1/d per row, the
/// layout <see cref="Scoring.IScoringBackend"/> reads), the float64 statistics and one sequence
/// number per row, and which rows have left the prior.
/// </summary>
/// <remarks>
/// The table is a slice of a slab shared with the blocks before and after it (<see cref="DenseTableSlabs"/>), so a
/// whole-catalog scan reads one long run of memory that the prefetchers can follow across blocks.
/// </remarks>
internal sealed class DenseRowBlock(int rows, int dimension, float[] slab, int tableStart, float[] prior, float[]? estimateSlab = null, int estimateStart = 0)
{
    /// <summary>The slab holding this block's table at <see cref="TableStart"/>.</summary>
    public readonly float[] Slab = slab;

    /// <summary>Where the table starts in <see cref="Slab"/>.</summary>
    public readonly int TableStart = tableStart;

    public readonly double[] SumSquares = new double[rows * dimension];
    public readonly double[] SumRewards = new double[rows * dimension];
    public readonly int[] Sequences = new int[rows];

    /// <summary>
    /// One bit per row, set once the row may differ from <see cref="Prior"/>. A clear bit promises that the
    /// row's published values are <see cref="Prior"/>'s, bit for bit, so a reader may score the prior once
    /// for all such rows (rows not yet added hold zeros, but no item points at them, so none is scored).
    /// Written by the writer inside the block's sequence, read inside it.
    /// </summary>
    public readonly ulong[] Trained = new ulong[(rows + 63) / 64];

    /// <summary>The slab holding this block's 8-bit θ at <see cref="EstimateStart"/>, beside the blocks before and after it; null when the store keeps none.</summary>
    public readonly float[]? EstimateSlab = estimateSlab;

    /// <summary>Where the estimates start in <see cref="EstimateSlab"/>.</summary>
    public readonly int EstimateStart = estimateStart;

    /// <summary>The length of the estimates: <see cref="EstimateLength(int, int)"/> of this block.</summary>
    public readonly int EstimatesLength = estimateSlab is null ? 0 : EstimateLength(rows, dimension);

    /// <summary>
    /// The 8-bit θ of each group of 16 rows, coordinates outermost: byte <c>(group · dimension + c) · 16 + row % 16</c> holds
    /// coordinate c as a multiple of the row's <see cref="ThetaScales"/>, rounded to the nearest, so one 16-byte load
    /// widens to the coordinate of all 16 rows. Mean estimates for pruning read these, an eighth of the row's bytes
    /// (<see cref="Scoring.UcbPruning"/>). Kept as raw bytes in a float slab shared with the neighbouring blocks, so a scan
    /// of the estimates is one run of memory. Written with the row, inside its sequence; empty when the store keeps none.
    /// </summary>
    public Span<sbyte> ThetaEstimates => MemoryMarshal.Cast<float, sbyte>(EstimateSlab.AsSpan(EstimateStart, EstimatesLength));

    /// <summary>
    /// Each row's step of <see cref="ThetaEstimates"/>: its largest |θ| / 127 of the published float32 θ, rounded up (0 for
    /// θ = 0), so every coordinate lies within half a step of its estimate; sized to whole groups of 16.
    /// </summary>
    public readonly float[] ThetaScales = estimateSlab is not null ? new float[(rows + GroupRows - 1) / GroupRows * GroupRows] : [];

    /// <summary>Each row's largest published <c>1/d</c>; sized to whole groups of 16.</summary>
    public readonly float[] MaxInverses = estimateSlab is not null ? new float[(rows + GroupRows - 1) / GroupRows * GroupRows] : [];

    /// <summary>The prior row (θ = 0, 1/d = 1/ridge) of this block's untrained rows; replaced inside the block's sequence when the ridge changes.</summary>
    public float[] Prior = prior;

    /// <summary>Odd while the writer changes any row of the block: readers of a whole batch check it once.</summary>
    public int Version;

    /// <summary>Rows of a group in <see cref="ThetaEstimates"/>: one 512-bit vector of floats.</summary>
    public const int GroupRows = 16;

    /// <summary>Coordinates per row in <see cref="ThetaEstimates"/>.</summary>
    public readonly int Dimension = dimension;

    /// <summary>The floats a block's estimates take: a byte per coordinate of whole groups of 16 rows.</summary>
    public static int EstimateLength(int rows, int dimension) => (rows + GroupRows - 1) / GroupRows * dimension * GroupRows / sizeof(float);

    /// <summary>The table's length: <c>rows · 2 · dimension</c> floats.</summary>
    public readonly int TableLength = rows * 2 * dimension;

    /// <summary>The block's published table.</summary>
    public Span<float> Table => Slab.AsSpan(TableStart, TableLength);
}
