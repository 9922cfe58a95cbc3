using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Horizontal sums of SIMD accumulators in one fixed order: lane <c>i</c> is added to lane
/// <c>i + n/2</c>, halving until one lane is left. The one-row sums and the four-row sums below
/// pair the same lanes, so a row scored alone and a row scored in a group of four give the same
/// bits (the batched rank and the single rank must agree exactly).
/// </summary>
/// <remarks>
/// The four-row sums reduce eight accumulators (four rows' means and variances) together: each
/// shuffle-and-add step halves the number of vectors instead of the width of one vector, so one
/// reduction tree serves four rows. Measured in docs/performance.md (CPU kernel).
/// </remarks>
internal static class HalvingLaneSums
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> value)
    {
        Vector128<float> halves = value + Vector128.Shuffle(value, Vector128.Create(2, 3, 0, 1));
        return halves.ToScalar() + halves.GetElement(1);
    }

    /// <summary>
    /// <c>[Sum(m0), Sum(m1), Sum(m2), Sum(m3), Sum(v0), Sum(v1), Sum(v2), Sum(v3)]</c> (AVX-512F).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum4(
        Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3,
        Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        // Lane i + lane i+8: 128-bit blocks (0,1) + (2,3), two rows per vector.
        Vector512<float> m01 = Avx512F.Shuffle4x128(m0, m1, 0x44) + Avx512F.Shuffle4x128(m0, m1, 0xEE);
        Vector512<float> m23 = Avx512F.Shuffle4x128(m2, m3, 0x44) + Avx512F.Shuffle4x128(m2, m3, 0xEE);
        Vector512<float> v01 = Avx512F.Shuffle4x128(v0, v1, 0x44) + Avx512F.Shuffle4x128(v0, v1, 0xEE);
        Vector512<float> v23 = Avx512F.Shuffle4x128(v2, v3, 0x44) + Avx512F.Shuffle4x128(v2, v3, 0xEE);

        // Lane i + lane i+4: block 0 + block 1 of each row, one row per 128-bit block.
        Vector512<float> means = Avx512F.Shuffle4x128(m01, m23, 0x88) + Avx512F.Shuffle4x128(m01, m23, 0xDD);
        Vector512<float> variances = Avx512F.Shuffle4x128(v01, v23, 0x88) + Avx512F.Shuffle4x128(v01, v23, 0xDD);

        // Lane i + lane i+2 inside each block: block k becomes [m_k, m_k, v_k, v_k] partial pairs.
        Vector512<float> pairs = Avx512F.Shuffle(means, variances, 0x44) + Avx512F.Shuffle(means, variances, 0xEE);

        // Lane i + lane i+1: gather the even lanes into the lower half, the odd lanes into the upper half.
        Vector512<float> split = Avx512F.PermuteVar16x32(pairs, Vector512.Create(0, 4, 8, 12, 2, 6, 10, 14, 1, 5, 9, 13, 3, 7, 11, 15));
        return split.GetLower() + split.GetUpper();
    }

    /// <summary>The same for 256-bit accumulators (AVX2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum4(
        Vector256<float> m0, Vector256<float> m1, Vector256<float> m2, Vector256<float> m3,
        Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        // Lane i + lane i+4: the two 128-bit halves, two rows per vector.
        Vector256<float> m01 = Avx.Permute2x128(m0, m1, 0x20) + Avx.Permute2x128(m0, m1, 0x31);
        Vector256<float> m23 = Avx.Permute2x128(m2, m3, 0x20) + Avx.Permute2x128(m2, m3, 0x31);
        Vector256<float> v01 = Avx.Permute2x128(v0, v1, 0x20) + Avx.Permute2x128(v0, v1, 0x31);
        Vector256<float> v23 = Avx.Permute2x128(v2, v3, 0x20) + Avx.Permute2x128(v2, v3, 0x31);

        // Lane i + lane i+2: halves become [m0 m0 m2 m2 | m1 m1 m3 m3] partial pairs.
        Vector256<float> means = Avx.Shuffle(m01, m23, 0x44) + Avx.Shuffle(m01, m23, 0xEE);
        Vector256<float> variances = Avx.Shuffle(v01, v23, 0x44) + Avx.Shuffle(v01, v23, 0xEE);

        // Lane i + lane i+1: [m0 m2 v0 v2 | m1 m3 v1 v3], then put the rows in order.
        Vector256<float> sums = Avx.HorizontalAdd(means, variances);
        return Avx2.PermuteVar8x32(sums, Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
    }

    /// <summary>The same for 128-bit accumulators (SSE3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sum4(
        Vector128<float> m0, Vector128<float> m1, Vector128<float> m2, Vector128<float> m3,
        Vector128<float> v0, Vector128<float> v1, Vector128<float> v2, Vector128<float> v3)
    {
        // Lane i + lane i+2, two rows per vector.
        Vector128<float> m01 = Sse.Shuffle(m0, m1, 0x44) + Sse.Shuffle(m0, m1, 0xEE);
        Vector128<float> m23 = Sse.Shuffle(m2, m3, 0x44) + Sse.Shuffle(m2, m3, 0xEE);
        Vector128<float> v01 = Sse.Shuffle(v0, v1, 0x44) + Sse.Shuffle(v0, v1, 0xEE);
        Vector128<float> v23 = Sse.Shuffle(v2, v3, 0x44) + Sse.Shuffle(v2, v3, 0xEE);

        // Lane i + lane i+1.
        return Vector256.Create(Sse3.HorizontalAdd(m01, m23), Sse3.HorizontalAdd(v01, v23));
    }
}
