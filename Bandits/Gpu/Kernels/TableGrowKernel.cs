using ILGPU;

namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>Copies a column-major table (and its active flags) into a larger one when the catalog outgrows the capacity.</summary>
internal static class TableGrowKernel
{
    public static void Execute(
        Index1D index,
        ArrayView<float> oldTable,
        ArrayView<byte> oldActive,
        ArrayView<float> newTable,
        ArrayView<byte> newActive,
        long oldCapacity,
        long newCapacity)
    {
        long coordinate = index / oldCapacity;
        long row = index % oldCapacity;
        newTable[(coordinate * newCapacity) + row] = oldTable[(coordinate * oldCapacity) + row];
        if (coordinate == 0)
        {
            newActive[row] = oldActive[row];
        }
    }
}
