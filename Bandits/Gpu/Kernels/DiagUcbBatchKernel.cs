using ILGPU;
using ILGPU.Algorithms;

namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>
/// Diag-LinUCB scoring of every row for a batch of contexts (ALGORITHMS.md 2.3): one thread per row
/// computes <c>Σ x θ</c> and <c>Σ x²/d</c> together for each context and the UCB score
/// <c>mean + alpha·sqrt(max(0, variance))</c>; inactive rows score −∞.
/// </summary>
/// <remarks>
/// The table is column-major (coordinate <c>c</c> of row <c>r</c> at <c>c·capacity + r</c>; θ in
/// coordinates 0..D−1, 1/d in D..2D−1), so the threads of a warp read consecutive addresses and
/// every load is coalesced. The contexts are the same for all threads (broadcast from cache). The
/// sums run in coordinate order without FMA contraction guarantees: results may differ from the
/// CPU SIMD path by float rounding.
/// </remarks>
internal static class DiagUcbBatchKernel
{
    public static void Execute(
        Index1D index,
        ArrayView<float> table,
        ArrayView<byte> active,
        ArrayView<float> contexts,
        ArrayView<float> contextsSquared,
        ArrayView<float> means,
        ArrayView<float> variances,
        ArrayView<float> scores,
        BatchShape shape)
    {
        int row = index;
        int dimension = shape.Dimension;
        long capacity = shape.Capacity;
        bool isActive = active[row] != 0;
        for (int b = 0; b < shape.ContextCount; b++)
        {
            int contextStart = b * dimension;
            float mean = 0;
            float variance = 0;
            for (int c = 0; c < dimension; c++)
            {
                mean += contexts[contextStart + c] * table[(c * capacity) + row];
                variance += contextsSquared[contextStart + c] * table[((dimension + c) * capacity) + row];
            }

            long at = ((long)b * shape.RowCount) + row;
            means[at] = mean;
            variances[at] = variance;
            scores[at] = isActive ? mean + (shape.Alpha * XMath.Sqrt(XMath.Max(variance, 0f))) : float.NegativeInfinity;
        }
    }
}
