namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>The sizes a <see cref="DiagUcbBatchKernel"/> launch needs, passed by value.</summary>
internal readonly struct BatchShape(int dimension, long capacity, int rowCount, int contextCount, float alpha)
{
    public readonly int Dimension = dimension;
    public readonly long Capacity = capacity;
    public readonly int RowCount = rowCount;
    public readonly int ContextCount = contextCount;
    public readonly float Alpha = alpha;
}
