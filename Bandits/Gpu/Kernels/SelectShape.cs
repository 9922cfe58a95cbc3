namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>The sizes the top-K kernels need: context b's slice s is thread <c>b·Slices + s</c>.</summary>
internal readonly struct SelectShape(int rowCount, int slices, int k)
{
    public readonly int RowCount = rowCount;
    public readonly int Slices = slices;
    public readonly int K = k;
}
