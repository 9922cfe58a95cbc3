using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// The two dot products of one Diag-LinUCB row, <c>Σ x θ</c> and <c>Σ x² / d</c>, in one pass over
/// the row so each cache line of the published table is read once.
/// </summary>
/// <remarks>
/// Vector512, then Vector256, then Vector128, then a scalar tail, the order TensorPrimitives uses.
/// Fused multiply-add changes the rounding against a plain scalar loop by a few ulps per term.
/// Each width's accumulator is summed with <see cref="HalvingLaneSums"/>, the order
/// <see cref="DiagUcbFourRowKernel"/> uses too: a row gives the same bits alone or in a group of four.
/// </remarks>
internal static class DiagUcbRowKernel
{
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

            meanSum += HalvingLaneSums.Sum(meanAcc);
            varianceSum += HalvingLaneSums.Sum(varianceAcc);
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

            meanSum += HalvingLaneSums.Sum(meanAcc);
            varianceSum += HalvingLaneSums.Sum(varianceAcc);
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

            meanSum += HalvingLaneSums.Sum(meanAcc);
            varianceSum += HalvingLaneSums.Sum(varianceAcc);
        }

        for (; i < dimension; i++)
        {
            meanSum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref theta, i), meanSum);
            varianceSum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), Unsafe.Add(ref inverse, i), varianceSum);
        }

        mean = meanSum;
        variance = varianceSum;
    }

    /// <summary>The same sums over the non-zero coordinates of a sparse context (a gather; no SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScoreSparse(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> valuesSquared, ReadOnlySpan<float> row, int dimension, out float mean, out float variance)
    {
        float meanSum = 0;
        float varianceSum = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            int c = indices[k];
            meanSum = MathF.FusedMultiplyAdd(values[k], row[c], meanSum);
            varianceSum = MathF.FusedMultiplyAdd(valuesSquared[k], row[dimension + c], varianceSum);
        }

        mean = meanSum;
        variance = varianceSum;
    }
}
