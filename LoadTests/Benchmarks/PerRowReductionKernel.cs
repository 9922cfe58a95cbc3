using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// The scoring kernel as it was before issue 2's four-row pass (one row per pass, two
/// <c>VectorN.Sum</c> reductions per row, a slice and two bounds-checked outputs per row), kept
/// verbatim as the baseline of <see cref="ScoringKernelBenchmarks"/> so old and new are compared in
/// the same run on the same (shared, noisy) machine.
/// </summary>
internal static class PerRowReductionKernel
{
    public static void ScoreDense(ReadOnlySpan<float> table, int dimension, ReadOnlySpan<int> rows, ReadOnlySpan<float> context, ReadOnlySpan<float> contextSquared, Span<float> means, Span<float> variances)
    {
        int stride = 2 * dimension;
        for (int k = 0; k < rows.Length; k++)
        {
            Score(context, contextSquared, table.Slice(rows[k] * stride, stride), out means[k], out variances[k]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Score(ReadOnlySpan<float> context, ReadOnlySpan<float> contextSquared, ReadOnlySpan<float> row, out float mean, out float variance)
    {
        int dimension = context.Length;
        ref float x = ref MemoryMarshal.GetReference(context);
        ref float x2 = ref MemoryMarshal.GetReference(contextSquared);
        ref float theta = ref MemoryMarshal.GetReference(row);
        ref float inverse = ref Unsafe.Add(ref theta, dimension);
        float meanSum = 0;
        float varianceSum = 0;
        int i = 0;

        if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
        {
            Vector512<float> meanAcc = Vector512<float>.Zero;
            Vector512<float> varianceAcc = Vector512<float>.Zero;
            for (; i <= dimension - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                meanAcc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x, (nuint)i), Vector512.LoadUnsafe(ref theta, (nuint)i), meanAcc);
                varianceAcc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref x2, (nuint)i), Vector512.LoadUnsafe(ref inverse, (nuint)i), varianceAcc);
            }

            meanSum += Vector512.Sum(meanAcc);
            varianceSum += Vector512.Sum(varianceAcc);
        }

        if (Vector256.IsHardwareAccelerated && dimension - i >= Vector256<float>.Count)
        {
            Vector256<float> meanAcc = Vector256<float>.Zero;
            Vector256<float> varianceAcc = Vector256<float>.Zero;
            for (; i <= dimension - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                meanAcc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x, (nuint)i), Vector256.LoadUnsafe(ref theta, (nuint)i), meanAcc);
                varianceAcc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref x2, (nuint)i), Vector256.LoadUnsafe(ref inverse, (nuint)i), varianceAcc);
            }

            meanSum += Vector256.Sum(meanAcc);
            varianceSum += Vector256.Sum(varianceAcc);
        }

        if (Vector128.IsHardwareAccelerated && dimension - i >= Vector128<float>.Count)
        {
            Vector128<float> meanAcc = Vector128<float>.Zero;
            Vector128<float> varianceAcc = Vector128<float>.Zero;
            for (; i <= dimension - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                meanAcc = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref x, (nuint)i), Vector128.LoadUnsafe(ref theta, (nuint)i), meanAcc);
                varianceAcc = Vector128.FusedMultiplyAdd(Vector128.LoadUnsafe(ref x2, (nuint)i), Vector128.LoadUnsafe(ref inverse, (nuint)i), varianceAcc);
            }

            meanSum += Vector128.Sum(meanAcc);
            varianceSum += Vector128.Sum(varianceAcc);
        }

        for (; i < dimension; i++)
        {
            meanSum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref theta, i), meanSum);
            varianceSum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), Unsafe.Add(ref inverse, i), varianceSum);
        }

        mean = meanSum;
        variance = varianceSum;
    }
}
