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

        int stride = 2 * dimension;
        for (int k = 0; k < rows.Length; k++)
        {
            DiagUcbRowKernel.Score(context, contextSquared, table.Slice(rows[k] * stride, stride), out means[k], out variances[k]);
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

    private static void CheckShapes(int dimension, ReadOnlySpan<int> rows, Span<float> means, Span<float> variances)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (means.Length < rows.Length || variances.Length < rows.Length)
        {
            throw new ArgumentException("The output spans are shorter than the row list.", nameof(means));
        }
    }
}
