using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// <see cref="DiagUcbRowKernel.Score"/> for four rows against one context in one pass: the context
/// is loaded once for four rows and the eight accumulators are reduced by one tree
/// (<see cref="HalvingLaneSums"/>) instead of eight separate horizontal sums.
/// </summary>
/// <remarks>
/// At d = 32 a row is only two 512-bit (four 256-bit) multiply-adds per sum, so per-row horizontal
/// sums cost more than the arithmetic. Same widths, same order and same lane pairing as the one-row
/// kernel, so every row's result is bit-identical to scoring it alone. Four rows rather than eight:
/// eight accumulators plus the context fit the 16 registers of AVX2, and the tree costs the same per
/// row either way (each step halves the number of vectors).
/// </remarks>
internal static class DiagUcbFourRowKernel
{
    /// <summary>Whether the four-row pass runs here (x86 with AVX2 and FMA); otherwise rows are scored one by one.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported && (!Vector512.IsHardwareAccelerated || Avx512F.IsSupported);

    /// <summary>
    /// How far ahead rows are prefetched: 8 KiB (32 rows at d = 32, 16 at d = 64). Measured on the
    /// 2-core EPYC VM: at 10k × d32 (2.6 MB, beyond L2) 45 → 37 µs, at 100k × d32 958 → 665 µs, at
    /// 1M × d32 16.1 → 13.6 ms; 4 and 8 KiB were within noise of each other at 10k and 1M, 1 KiB gained
    /// little, and prefetching only the first line of each row gained nothing.
    /// </summary>
    private const int PrefetchAheadBytes = 8192;

    /// <summary>
    /// Scores <c>rows[0 .. count - count % 4)</c> in groups of four, writing <c>Σ x θ</c> to
    /// <c>means[k]</c> and <c>Σ x² / d</c> to <c>variances[k]</c>; returns how many rows it scored
    /// (the last one to three are left to <see cref="DiagUcbRowKernel"/>).
    /// </summary>
    /// <remarks>
    /// The loop over groups lives here, not in the caller: the group body is too large for the JIT to
    /// inline, and a call per four rows cost about a tenth of the time at d = 32. Every cache line of
    /// the rows <see cref="PrefetchAheadBytes"/> ahead is prefetched: in one run a 1M × d32 scan read
    /// 15.9 GB/s without it and 18.8 GB/s with it.
    /// </remarks>
    /// <param name="x">The context, <paramref name="dimension"/> floats.</param>
    /// <param name="x2">Its squares.</param>
    /// <param name="dimension">D.</param>
    /// <param name="table">Row r's θ starts at <c>table[r·2D]</c>, its inverse diagonal at <c>table[r·2D + D]</c>.</param>
    /// <param name="tableRows">Rows in the table; a row index outside it throws.</param>
    /// <param name="rows">The row indices.</param>
    /// <param name="count">How many.</param>
    /// <param name="means">Output, at least <paramref name="count"/> floats.</param>
    /// <param name="variances">Output, at least <paramref name="count"/> floats.</param>
    public static int ScoreRows(
        ref float x,
        ref float x2,
        int dimension,
        ref float table,
        int tableRows,
        ref int rows,
        int count,
        ref float means,
        ref float variances)
    {
        if (Vector512.IsHardwareAccelerated && dimension == Rows32Avx512.Dimension)
        {
            return ScoreRows32(new Rows32Avx512(ref x, ref x2), ref table, tableRows, ref rows, count, ref means, ref variances);
        }

        if (Vector256.IsHardwareAccelerated && dimension == Rows32Avx2.Dimension)
        {
            return ScoreRows32(new Rows32Avx2(ref x, ref x2), ref table, tableRows, ref rows, count, ref means, ref variances);
        }

        return ScoreGeneral(ref x, ref x2, dimension, ref table, tableRows, ref rows, consecutive: false, count, ref means, ref variances);
    }

    /// <summary>
    /// The loop of <see cref="ScoreRows"/> and <see cref="ScoreRange"/> for every width: rows from the list, or
    /// consecutive rows from <paramref name="table"/> when <paramref name="consecutive"/> (then
    /// <paramref name="rows"/> is not read and the caller has checked the range).
    /// </summary>
    /// <remarks>
    /// One loop for both, with the group body written out in it: as a method the body is too large for the JIT to
    /// inline even when asked (a call per four rows cost about a tenth of the time at d = 32), and two copies of it
    /// would be 70 lines to keep in step. The branch on <paramref name="consecutive"/> does not change within a call.
    /// </remarks>
    private static int ScoreGeneral(
        ref float x,
        ref float x2,
        int dimension,
        ref float table,
        int tableRows,
        ref int rows,
        bool consecutive,
        int count,
        ref float means,
        ref float variances)
    {
        nint stride = 2 * dimension;
        int ahead = PrefetchDistance(dimension);
        int k = 0;
        for (; k <= count - 4; k += 4)
        {
            nint offset0, offset1, offset2, offset3;
            if (consecutive)
            {
                offset0 = k * stride;
                offset1 = offset0 + stride;
                offset2 = offset1 + stride;
                offset3 = offset2 + stride;
                if (ahead != 0)
                {
                    PrefetchFourConsecutiveRows(ref Unsafe.Add(ref table, offset0), ahead * stride, stride);
                }
            }
            else
            {
                ListedGroup(ref table, tableRows, stride, ref rows, k, count, ahead, out offset0, out offset1, out offset2, out offset3);
            }

            ref float row0 = ref Unsafe.Add(ref table, offset0);
            ref float row1 = ref Unsafe.Add(ref table, offset1);
            ref float row2 = ref Unsafe.Add(ref table, offset2);
            ref float row3 = ref Unsafe.Add(ref table, offset3);
            ref float groupMeans = ref Unsafe.Add(ref means, k);
            ref float groupVariances = ref Unsafe.Add(ref variances, k);
            ref float inverse0 = ref Unsafe.Add(ref row0, dimension);
            ref float inverse1 = ref Unsafe.Add(ref row1, dimension);
            ref float inverse2 = ref Unsafe.Add(ref row2, dimension);
            ref float inverse3 = ref Unsafe.Add(ref row3, dimension);

            // [mean0, mean1, mean2, mean3, variance0, variance1, variance2, variance3]
            Vector256<float> sums = Vector256<float>.Zero;
            int i = 0;

            if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
            {
                Vector512<float> m0 = Vector512<float>.Zero, m1 = Vector512<float>.Zero, m2 = Vector512<float>.Zero, m3 = Vector512<float>.Zero;
                Vector512<float> v0 = Vector512<float>.Zero, v1 = Vector512<float>.Zero, v2 = Vector512<float>.Zero, v3 = Vector512<float>.Zero;
                for (; i <= dimension - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    Vector512<float> xi = Vector512.LoadUnsafe(ref x, (nuint)i);
                    Vector512<float> x2i = Vector512.LoadUnsafe(ref x2, (nuint)i);
                    m0 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref row0, (nuint)i), m0);
                    m1 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref row1, (nuint)i), m1);
                    m2 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref row2, (nuint)i), m2);
                    m3 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref row3, (nuint)i), m3);
                    v0 = Vector512.FusedMultiplyAdd(x2i, Vector512.LoadUnsafe(ref inverse0, (nuint)i), v0);
                    v1 = Vector512.FusedMultiplyAdd(x2i, Vector512.LoadUnsafe(ref inverse1, (nuint)i), v1);
                    v2 = Vector512.FusedMultiplyAdd(x2i, Vector512.LoadUnsafe(ref inverse2, (nuint)i), v2);
                    v3 = Vector512.FusedMultiplyAdd(x2i, Vector512.LoadUnsafe(ref inverse3, (nuint)i), v3);
                }

                sums += HalvingLaneSums.Sum4(m0, m1, m2, m3, v0, v1, v2, v3);
            }

            if (Vector256.IsHardwareAccelerated && dimension - i >= Vector256<float>.Count)
            {
                Vector256<float> m0 = Vector256<float>.Zero, m1 = Vector256<float>.Zero, m2 = Vector256<float>.Zero, m3 = Vector256<float>.Zero;
                Vector256<float> v0 = Vector256<float>.Zero, v1 = Vector256<float>.Zero, v2 = Vector256<float>.Zero, v3 = Vector256<float>.Zero;
                for (; i <= dimension - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    Vector256<float> xi = Vector256.LoadUnsafe(ref x, (nuint)i);
                    Vector256<float> x2i = Vector256.LoadUnsafe(ref x2, (nuint)i);
                    m0 = Vector256.FusedMultiplyAdd(xi, Vector256.LoadUnsafe(ref row0, (nuint)i), m0);
                    m1 = Vector256.FusedMultiplyAdd(xi, Vector256.LoadUnsafe(ref row1, (nuint)i), m1);
                    m2 = Vector256.FusedMultiplyAdd(xi, Vector256.LoadUnsafe(ref row2, (nuint)i), m2);
                    m3 = Vector256.FusedMultiplyAdd(xi, Vector256.LoadUnsafe(ref row3, (nuint)i), m3);
                    v0 = Vector256.FusedMultiplyAdd(x2i, Vector256.LoadUnsafe(ref inverse0, (nuint)i), v0);
                    v1 = Vector256.FusedMultiplyAdd(x2i, Vector256.LoadUnsafe(ref inverse1, (nuint)i), v1);
                    v2 = Vector256.FusedMultiplyAdd(x2i, Vector256.LoadUnsafe(ref inverse2, (nuint)i), v2);
                    v3 = Vector256.FusedMultiplyAdd(x2i, Vector256.LoadUnsafe(ref inverse3, (nuint)i), v3);
                }

                sums += HalvingLaneSums.Sum4(m0, m1, m2, m3, v0, v1, v2, v3);
            }

            if (Vector128.IsHardwareAccelerated && dimension - i >= Vector128<float>.Count)
            {
                Vector128<float> m0 = Vector128<float>.Zero, m1 = Vector128<float>.Zero, m2 = Vector128<float>.Zero, m3 = Vector128<float>.Zero;
                Vector128<float> v0 = Vector128<float>.Zero, v1 = Vector128<float>.Zero, v2 = Vector128<float>.Zero, v3 = Vector128<float>.Zero;
                for (; i <= dimension - Vector128<float>.Count; i += Vector128<float>.Count)
                {
                    Vector128<float> xi = Vector128.LoadUnsafe(ref x, (nuint)i);
                    Vector128<float> x2i = Vector128.LoadUnsafe(ref x2, (nuint)i);
                    m0 = Vector128.FusedMultiplyAdd(xi, Vector128.LoadUnsafe(ref row0, (nuint)i), m0);
                    m1 = Vector128.FusedMultiplyAdd(xi, Vector128.LoadUnsafe(ref row1, (nuint)i), m1);
                    m2 = Vector128.FusedMultiplyAdd(xi, Vector128.LoadUnsafe(ref row2, (nuint)i), m2);
                    m3 = Vector128.FusedMultiplyAdd(xi, Vector128.LoadUnsafe(ref row3, (nuint)i), m3);
                    v0 = Vector128.FusedMultiplyAdd(x2i, Vector128.LoadUnsafe(ref inverse0, (nuint)i), v0);
                    v1 = Vector128.FusedMultiplyAdd(x2i, Vector128.LoadUnsafe(ref inverse1, (nuint)i), v1);
                    v2 = Vector128.FusedMultiplyAdd(x2i, Vector128.LoadUnsafe(ref inverse2, (nuint)i), v2);
                    v3 = Vector128.FusedMultiplyAdd(x2i, Vector128.LoadUnsafe(ref inverse3, (nuint)i), v3);
                }

                sums += HalvingLaneSums.Sum4(m0, m1, m2, m3, v0, v1, v2, v3);
            }

            sums.GetLower().StoreUnsafe(ref groupMeans);
            sums.GetUpper().StoreUnsafe(ref groupVariances);
            if (i < dimension)
            {
                AddScalarTail(ref x, ref x2, dimension, i, ref row0, ref groupMeans, ref groupVariances);
                AddScalarTail(ref x, ref x2, dimension, i, ref row1, ref Unsafe.Add(ref groupMeans, 1), ref Unsafe.Add(ref groupVariances, 1));
                AddScalarTail(ref x, ref x2, dimension, i, ref row2, ref Unsafe.Add(ref groupMeans, 2), ref Unsafe.Add(ref groupVariances, 2));
                AddScalarTail(ref x, ref x2, dimension, i, ref row3, ref Unsafe.Add(ref groupMeans, 3), ref Unsafe.Add(ref groupVariances, 3));
            }
        }

        return k;
    }

    /// <summary>
    /// <see cref="ScoreRows"/> at d = 32: the context and its squares stay in registers for every row instead of being
    /// reloaded per row, and the loop over coordinates is unrolled (<see cref="Rows32Avx512"/>, <see cref="Rows32Avx2"/>).
    /// </summary>
    /// <remarks>
    /// The same operations in the same order as the general loop (a multiply-add into zero, then one into that,
    /// the same reduction tree, the sum added to zero), so the bits are the same as the general path and as a row
    /// scored alone. In a Stopwatch harness at 10k × d32 (the table in L3) the AVX-512 loop read 68 GB/s against 38 to
    /// 44 GB/s for the general one; d = 32 is the dimension the load tests and benchmarks use. On a 2-core EPYC (Zen 3)
    /// VM without AVX-512, a whole-catalog rank of 10k trained items × d32 took 95 to 104 µs warm and 108 to 112 µs
    /// with the cache thrashed between ranks, against 120 and 122 to 126 µs through <see cref="ScoreGeneral"/> (same
    /// process, alternating rounds; docs/performance.md, "Sixteenth pass").
    /// </remarks>
    private static int ScoreRows32<TRows>(
        in TRows context,
        ref float table,
        int tableRows,
        ref int rows,
        int count,
        ref float means,
        ref float variances)
        where TRows : struct, IFourRows32
    {
        const nint Stride = 2 * Rows32Avx2.Dimension;
        int ahead = PrefetchDistance(Rows32Avx2.Dimension);
        int k = 0;
        for (; k <= count - 4; k += 4)
        {
            ListedGroup(ref table, tableRows, Stride, ref rows, k, count, ahead, out nint offset0, out nint offset1, out nint offset2, out nint offset3);
            context.ScoreFour(
                ref Unsafe.Add(ref table, offset0),
                ref Unsafe.Add(ref table, offset1),
                ref Unsafe.Add(ref table, offset2),
                ref Unsafe.Add(ref table, offset3),
                ref Unsafe.Add(ref means, k),
                ref Unsafe.Add(ref variances, k));
        }

        return k;
    }

    /// <summary>
    /// <see cref="ScoreRows"/> for consecutive rows: rows <c>0 .. count - count % 4</c> counted from
    /// <paramref name="firstRow"/>, addressed directly rather than through a row list; the same bits.
    /// </summary>
    /// <remarks>
    /// A whole-catalog ranking scores consecutive rows. Without the list the loop loads no row numbers, checks no
    /// bounds per group (the caller checks the range once) and prefetches a fixed distance ahead: at 1M × d32 in a
    /// Stopwatch harness the d = 32 loop read 25 to 26 GB/s this way against 18.6 to 19 GB/s through the list.
    /// The prefetch runs past the range's end on purpose: the store keeps consecutive blocks side by side, so
    /// those lines are the next batch's rows (a prefetch never faults, whatever the address).
    /// </remarks>
    /// <param name="x">The context, <paramref name="dimension"/> floats.</param>
    /// <param name="x2">Its squares.</param>
    /// <param name="dimension">D.</param>
    /// <param name="firstRow">The first row's θ; its inverse diagonal follows, then the next row.</param>
    /// <param name="count">How many rows; the caller has checked that they lie in the table.</param>
    /// <param name="means">Output, at least <paramref name="count"/> floats.</param>
    /// <param name="variances">Output, at least <paramref name="count"/> floats.</param>
    public static int ScoreRange(
        ref float x,
        ref float x2,
        int dimension,
        ref float firstRow,
        int count,
        ref float means,
        ref float variances)
    {
        if (Vector512.IsHardwareAccelerated && dimension == Rows32Avx512.Dimension)
        {
            return ScoreRange32(new Rows32Avx512(ref x, ref x2), ref firstRow, count, ref means, ref variances);
        }

        if (Vector256.IsHardwareAccelerated && dimension == Rows32Avx2.Dimension)
        {
            return ScoreRange32(new Rows32Avx2(ref x, ref x2), ref firstRow, count, ref means, ref variances);
        }

        return ScoreGeneral(ref x, ref x2, dimension, ref firstRow, int.MaxValue, ref Unsafe.NullRef<int>(), consecutive: true, count, ref means, ref variances);
    }

    /// <summary><see cref="ScoreRange"/> at d = 32, the context in registers as in <see cref="ScoreRows32"/>.</summary>
    private static int ScoreRange32<TRows>(
        in TRows context,
        ref float firstRow,
        int count,
        ref float means,
        ref float variances)
        where TRows : struct, IFourRows32
    {
        const nint Stride = 2 * Rows32Avx2.Dimension;
        nint ahead = PrefetchDistance(Rows32Avx2.Dimension) * Stride;
        int k = 0;
        for (; k <= count - 4; k += 4)
        {
            // Formed from k rather than advanced after each group, so no reference ever points past the range.
            ref float row = ref Unsafe.Add(ref firstRow, k * Stride);
            if (ahead != 0)
            {
                PrefetchFourConsecutiveRows(ref row, ahead, Stride);
            }

            context.ScoreFour(
                ref row,
                ref Unsafe.Add(ref row, Stride),
                ref Unsafe.Add(ref row, 2 * Stride),
                ref Unsafe.Add(ref row, 3 * Stride),
                ref Unsafe.Add(ref means, k),
                ref Unsafe.Add(ref variances, k));
        }

        return k;
    }

    /// <summary>
    /// Scores four d = 32 rows against a context it holds in registers: <see cref="ScoreGeneral"/>'s operations in its
    /// order (a multiply-add into zero, then one into that, the same reduction tree, the sum added to zero), so the
    /// same bits. A struct, so each loop above is compiled for each width with the group body inlined.
    /// </summary>
    private interface IFourRows32
    {
        void ScoreFour(ref float row0, ref float row1, ref float row2, ref float row3, ref float means, ref float variances);
    }

    /// <summary>A d = 32 context and its squares as two 512-bit halves each (AVX-512).</summary>
    private readonly struct Rows32Avx512(ref float x, ref float x2) : IFourRows32
    {
        public const int Dimension = 32;
        private const int Half = 16;
        private readonly Vector512<float> _xLow = Vector512.LoadUnsafe(ref x);
        private readonly Vector512<float> _xHigh = Vector512.LoadUnsafe(ref x, Half);
        private readonly Vector512<float> _x2Low = Vector512.LoadUnsafe(ref x2);
        private readonly Vector512<float> _x2High = Vector512.LoadUnsafe(ref x2, Half);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void ScoreFour(ref float row0, ref float row1, ref float row2, ref float row3, ref float means, ref float variances)
        {
            Vector256<float> sums = Vector256<float>.Zero
                + HalvingLaneSums.Sum4(Mean(ref row0), Mean(ref row1), Mean(ref row2), Mean(ref row3), Variance(ref row0), Variance(ref row1), Variance(ref row2), Variance(ref row3));
            sums.GetLower().StoreUnsafe(ref means);
            sums.GetUpper().StoreUnsafe(ref variances);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<float> Mean(ref float row)
            => Vector512.FusedMultiplyAdd(_xHigh, Vector512.LoadUnsafe(ref row, Half), Vector512.FusedMultiplyAdd(_xLow, Vector512.LoadUnsafe(ref row), Vector512<float>.Zero));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector512<float> Variance(ref float row)
            => Vector512.FusedMultiplyAdd(_x2High, Vector512.LoadUnsafe(ref row, Dimension + Half), Vector512.FusedMultiplyAdd(_x2Low, Vector512.LoadUnsafe(ref row, Dimension), Vector512<float>.Zero));
    }

    /// <summary>A d = 32 context and its squares as four 256-bit quarters each (AVX2 without AVX-512).</summary>
    private readonly struct Rows32Avx2(ref float x, ref float x2) : IFourRows32
    {
        public const int Dimension = 32;
        private readonly Vector256<float> _x0 = Vector256.LoadUnsafe(ref x);
        private readonly Vector256<float> _x1 = Vector256.LoadUnsafe(ref x, 8);
        private readonly Vector256<float> _x2 = Vector256.LoadUnsafe(ref x, 16);
        private readonly Vector256<float> _x3 = Vector256.LoadUnsafe(ref x, 24);
        private readonly Vector256<float> _squares0 = Vector256.LoadUnsafe(ref x2);
        private readonly Vector256<float> _squares1 = Vector256.LoadUnsafe(ref x2, 8);
        private readonly Vector256<float> _squares2 = Vector256.LoadUnsafe(ref x2, 16);
        private readonly Vector256<float> _squares3 = Vector256.LoadUnsafe(ref x2, 24);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void ScoreFour(ref float row0, ref float row1, ref float row2, ref float row3, ref float means, ref float variances)
        {
            Vector256<float> sums = Vector256<float>.Zero
                + HalvingLaneSums.Sum4(Mean(ref row0), Mean(ref row1), Mean(ref row2), Mean(ref row3), Variance(ref row0), Variance(ref row1), Variance(ref row2), Variance(ref row3));
            sums.GetLower().StoreUnsafe(ref means);
            sums.GetUpper().StoreUnsafe(ref variances);
        }

        // One statement per step: nested, the JIT loaded all four quarters first and spilled them to the stack.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<float> Mean(ref float row)
        {
            Vector256<float> sum = Vector256.FusedMultiplyAdd(_x0, Vector256.LoadUnsafe(ref row), Vector256<float>.Zero);
            sum = Vector256.FusedMultiplyAdd(_x1, Vector256.LoadUnsafe(ref row, 8), sum);
            sum = Vector256.FusedMultiplyAdd(_x2, Vector256.LoadUnsafe(ref row, 16), sum);
            return Vector256.FusedMultiplyAdd(_x3, Vector256.LoadUnsafe(ref row, 24), sum);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<float> Variance(ref float row)
        {
            Vector256<float> sum = Vector256.FusedMultiplyAdd(_squares0, Vector256.LoadUnsafe(ref row, Dimension), Vector256<float>.Zero);
            sum = Vector256.FusedMultiplyAdd(_squares1, Vector256.LoadUnsafe(ref row, Dimension + 8), sum);
            sum = Vector256.FusedMultiplyAdd(_squares2, Vector256.LoadUnsafe(ref row, Dimension + 16), sum);
            return Vector256.FusedMultiplyAdd(_squares3, Vector256.LoadUnsafe(ref row, Dimension + 24), sum);
        }
    }

    /// <summary>
    /// The table offsets of listed rows <c>k .. k + 4</c>, checked against <paramref name="tableRows"/> in one compare;
    /// asks for the rows <paramref name="ahead"/> places further down the list while the list lasts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ListedGroup(
        ref float table,
        int tableRows,
        nint stride,
        ref int rows,
        int k,
        int count,
        int ahead,
        out nint offset0,
        out nint offset1,
        out nint offset2,
        out nint offset3)
    {
        uint index0 = (uint)Unsafe.Add(ref rows, k);
        uint index1 = (uint)Unsafe.Add(ref rows, k + 1);
        uint index2 = (uint)Unsafe.Add(ref rows, k + 2);
        uint index3 = (uint)Unsafe.Add(ref rows, k + 3);
        if (Math.Max(Math.Max(index0, index1), Math.Max(index2, index3)) >= (uint)tableRows)
        {
            ThrowRowOutOfRange();
        }

        if (ahead != 0 && k + ahead <= count - 4)
        {
            PrefetchFourRows(ref table, stride, ref Unsafe.Add(ref rows, k + ahead));
        }

        offset0 = (nint)index0 * stride;
        offset1 = (nint)index1 * stride;
        offset2 = (nint)index2 * stride;
        offset3 = (nint)index3 * stride;
    }

    /// <summary>How many rows ahead to prefetch (a multiple of four), 0 for none.</summary>
    private static int PrefetchDistance(int dimension) =>
        Sse.IsSupported ? (int)Math.Max(4, ((PrefetchAheadBytes / (2L * dimension * sizeof(float))) + 3) & ~3L) : 0;

    /// <summary>Asks for every cache line of four rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchFourRows(ref float table, nint stride, ref int rows)
    {
        // Addresses only (never dereferenced): a prefetch of a stale or wrong address is a no-op, so
        // the rows need no bounds check here and the table needs no pinning.
        byte* first = (byte*)Unsafe.AsPointer(ref table);
        nint rowBytes = stride * sizeof(float);
        byte* row0 = first + ((nint)(uint)rows * rowBytes);
        byte* row1 = first + ((nint)(uint)Unsafe.Add(ref rows, 1) * rowBytes);
        byte* row2 = first + ((nint)(uint)Unsafe.Add(ref rows, 2) * rowBytes);
        byte* row3 = first + ((nint)(uint)Unsafe.Add(ref rows, 3) * rowBytes);
        for (nint line = 0; line < rowBytes; line += 64)
        {
            Sse.Prefetch0(row0 + line);
            Sse.Prefetch0(row1 + line);
            Sse.Prefetch0(row2 + line);
            Sse.Prefetch0(row3 + line);
        }
    }

    /// <summary>Asks for every cache line of the four rows <paramref name="aheadFloats"/> floats after <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchFourConsecutiveRows(ref float row, nint aheadFloats, nint stride)
    {
        // The address is formed as a pointer, never as a managed reference: it may lie past the end of the array,
        // and the GC must not meet an interior reference outside any object. It is never dereferenced.
        byte* first = (byte*)Unsafe.AsPointer(ref row) + (aheadFloats * sizeof(float));
        nint bytes = 4 * stride * sizeof(float);
        for (nint line = 0; line < bytes; line += 64)
        {
            Sse.Prefetch0(first + line);
        }
    }

    [DoesNotReturn]
    internal static void ThrowRowOutOfRange() =>
        throw new ArgumentOutOfRangeException("rows", "A row index is outside the table.");

    /// <summary>The one-row kernel's scalar tail (fewer than four coordinates), in its order.</summary>
    private static void AddScalarTail(ref float x, ref float x2, int dimension, int start, ref float row, ref float mean, ref float variance)
    {
        float meanSum = mean;
        float varianceSum = variance;
        for (int i = start; i < dimension; i++)
        {
            meanSum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x, i), Unsafe.Add(ref row, i), meanSum);
            varianceSum = MathF.FusedMultiplyAdd(Unsafe.Add(ref x2, i), Unsafe.Add(ref row, dimension + i), varianceSum);
        }

        mean = meanSum;
        variance = varianceSum;
    }
}
