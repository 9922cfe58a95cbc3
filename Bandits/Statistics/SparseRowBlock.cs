namespace BanditServe.Bandits.Statistics;

/// <summary>A slab of sparse rows; a null row is an item still entirely at the prior.</summary>
internal sealed class SparseRowBlock(int rows)
{
    public readonly SparseRow?[] Rows = new SparseRow?[rows];
    public readonly int[] Sequences = new int[rows];
}
