namespace BanditServe.Bandits.Statistics;

/// <summary>
/// A slab of dense rows, structure-of-arrays: the published float32 table (θ then 1/d per row, the
/// layout <see cref="Scoring.IScoringBackend"/> reads), the float64 statistics and one sequence
/// number per row.
/// </summary>
internal sealed class DenseRowBlock(int rows, int dimension)
{
    public readonly float[] Table = new float[rows * 2 * dimension];
    public readonly double[] SumSquares = new double[rows * dimension];
    public readonly double[] SumRewards = new double[rows * dimension];
    public readonly int[] Sequences = new int[rows];

    /// <summary>Odd while the writer changes any row of the block: readers of a whole batch check it once.</summary>
    public int Version;
}
