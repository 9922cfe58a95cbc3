namespace BanditServe.Bandits.Statistics;

/// <summary>
/// The coordinates of one item that left the prior, ascending, with spare capacity so that most
/// new coordinates are inserted in place. Arrays never change length, so a reader racing the writer
/// stays in bounds (and then retries, see <see cref="StatisticsStore"/>).
/// </summary>
internal sealed class SparseRow(int capacity)
{
    public readonly int[] Indices = new int[capacity];
    public readonly float[] Theta = new float[capacity];
    public readonly float[] Inverse = new float[capacity];
    public readonly double[] SumSquares = new double[capacity];
    public readonly double[] SumRewards = new double[capacity];
    public int Count;

    public int Capacity => Indices.Length;
}
