using ILGPU;

namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>Writes uploaded rows (row-major, as the model publishes them) into the column-major device table, one thread per value.</summary>
internal static class RowScatterKernel
{
    public static void Execute(
        Index1D index,
        ArrayView<float> table,
        ArrayView<byte> active,
        ArrayView<int> rows,
        ArrayView<float> values,
        ArrayView<byte> flags,
        int rowLength,
        long capacity)
    {
        int listed = index / rowLength;
        int coordinate = index % rowLength;
        int row = rows[listed];
        table[(coordinate * capacity) + row] = values[index];
        if (coordinate == 0)
        {
            active[row] = flags[listed];
        }
    }
}
