using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Scores on the calling thread with Vector512/256/128 SIMD (one fused pass per row). The caller
/// parallelises across chunks of rows; this type holds no state and is safe to share.
/// </summary>
public sealed class CpuSimdScoringBackend : IScoringBackend
{
    /// <summary>The shared instance.</summary>
    public static CpuSimdScoringBackend Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "cpu-simd";

    /// <inheritdoc />
    public void ScoreDense(
        ReadOnlySpan<float> table,
        int dimension,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<float> context,
        ReadOnlySpan<float> contextSquared,
        Span<float> means,
        Span<float> variances)
    {
        CheckShapes(dimension, rows, means, variances);
        if (context.Length != dimension || contextSquared.Length != dimension)
        {
            throw new ArgumentException("The context does not have the table's dimension.", nameof(context));
        }

        ScoreDenseRows(table, dimension, rows, context, contextSquared, means, variances);
    }

    /// <inheritdoc />
    public void ScoreDenseConsecutive(
        ReadOnlySpan<float> table,
        int dimension,
        int firstRow,
        int count,
        ReadOnlySpan<float> context,
        ReadOnlySpan<float> contextSquared,
        Span<float> means,
        Span<float> variances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (means.Length < count || variances.Length < count)
        {
            throw new ArgumentException("The output spans are shorter than the row count.", nameof(means));
        }

        if (context.Length != dimension || contextSquared.Length != dimension)
        {
            throw new ArgumentException("The context does not have the table's dimension.", nameof(context));
        }

        int stride = 2 * dimension;
        if ((long)(firstRow + (long)count) * stride > table.Length)
        {
            DiagUcbFourRowKernel.ThrowRowOutOfRange();
        }

        int k = 0;
        if (DiagUcbFourRowKernel.IsSupported && count >= 4)
        {
            k = DiagUcbFourRowKernel.ScoreRange(
                ref MemoryMarshal.GetReference(context),
                ref MemoryMarshal.GetReference(contextSquared),
                dimension,
                ref Unsafe.Add(ref MemoryMarshal.GetReference(table), (nint)firstRow * stride),
                count,
                ref MemoryMarshal.GetReference(means),
                ref MemoryMarshal.GetReference(variances));
        }

        for (; k < count; k++)
        {
            DiagUcbRowKernel.Score(context, contextSquared, table.Slice((firstRow + k) * stride, stride), out means[k], out variances[k]);
        }
    }

    /// <inheritdoc />
    public void ScoreSparse(
        ReadOnlySpan<float> table,
        int dimension,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> values,
        ReadOnlySpan<float> valuesSquared,
        Span<float> means,
        Span<float> variances)
    {
        CheckShapes(dimension, rows, means, variances);
        if (values.Length != indices.Length || valuesSquared.Length != indices.Length)
        {
            throw new ArgumentException("Indices, values and their squares differ in length.", nameof(values));
        }

        int stride = 2 * dimension;
        for (int k = 0; k < rows.Length; k++)
        {
            DiagUcbRowKernel.ScoreSparse(indices, values, valuesSquared, table.Slice(rows[k] * stride, stride), dimension, out means[k], out variances[k]);
        }
    }

    /// <summary>
    /// Four rows per pass (<see cref="DiagUcbFourRowKernel"/>), the last one to three rows alone; the
    /// results are the same bits either way. Row indices are checked once per group of four, then the
    /// rows and outputs are addressed without further bounds checks or slices.
    /// </summary>
    private static void ScoreDenseRows(
        ReadOnlySpan<float> table,
        int dimension,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<float> context,
        ReadOnlySpan<float> contextSquared,
        Span<float> means,
        Span<float> variances)
    {
        int stride = 2 * dimension;
        int tableRows = table.Length / stride;
        int k = 0;
        if (DiagUcbFourRowKernel.IsSupported)
        {
            k = DiagUcbFourRowKernel.ScoreRows(
                ref MemoryMarshal.GetReference(context),
                ref MemoryMarshal.GetReference(contextSquared),
                dimension,
                ref MemoryMarshal.GetReference(table),
                tableRows,
                ref MemoryMarshal.GetReference(rows),
                rows.Length,
                ref MemoryMarshal.GetReference(means),
                ref MemoryMarshal.GetReference(variances));
        }

        for (; k < rows.Length; k++)
        {
            if ((uint)rows[k] >= (uint)tableRows)
            {
                DiagUcbFourRowKernel.ThrowRowOutOfRange();
            }

            DiagUcbRowKernel.Score(context, contextSquared, table.Slice(rows[k] * stride, stride), out means[k], out variances[k]);
        }
    }

    private static void CheckShapes(int dimension, ReadOnlySpan<int> rows, Span<float> means, Span<float> variances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (means.Length < rows.Length || variances.Length < rows.Length)
        {
            throw new ArgumentException("The output spans are shorter than the row list.", nameof(means));
        }
    }
}
