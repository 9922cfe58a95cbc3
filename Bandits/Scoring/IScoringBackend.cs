namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Computes the two Diag-LinUCB sums for rows of a published, read-only table (ALGORITHMS.md 2.3):
/// <c>mean = Σ_c x_c θ_c</c> and <c>variance = Σ_c x_c² / d_c</c>.
/// </summary>
/// <remarks>
/// <para>
/// Table layout: row <c>r</c> occupies <c>table[r·2D .. r·2D + 2D)</c>, θ in the first <c>D</c>
/// floats and <c>1/d</c> in the next <c>D</c>, where <c>D</c> is the dimension. The caller owns
/// consistency (it re-scores rows a writer touched meanwhile); a backend only reads.
/// </para>
/// <para>To add a backend (e.g. ILGPU): implement every method, then run the backend agreement tests
/// against <see cref="CpuSimdScoringBackend"/>. Results may differ from the scalar sums by float
/// rounding, because the summation order differs.</para>
/// </remarks>
public interface IScoringBackend
{
    /// <summary>A short name for diagnostics and metrics (e.g. <c>cpu-simd</c>).</summary>
    string Name { get; }

    /// <summary>Scores rows against a dense context.</summary>
    /// <param name="table">The published table (see remarks of <see cref="IScoringBackend"/>).</param>
    /// <param name="dimension">The dimension <c>D</c>.</param>
    /// <param name="rows">The row numbers to score.</param>
    /// <param name="context">The context <c>x</c> (length <c>D</c>).</param>
    /// <param name="contextSquared">The element-wise squares <c>x²</c> (length <c>D</c>).</param>
    /// <param name="means">Receives <c>Σ x θ</c> per row (length of <paramref name="rows"/>).</param>
    /// <param name="variances">Receives <c>Σ x² / d</c> per row (length of <paramref name="rows"/>).</param>
    void ScoreDense(
        ReadOnlySpan<float> table,
        int dimension,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<float> context,
        ReadOnlySpan<float> contextSquared,
        Span<float> means,
        Span<float> variances);

    /// <summary>
    /// <see cref="ScoreDense"/> for the consecutive rows <c>firstRow .. firstRow + count</c>, the same results: a
    /// whole-catalog ranking reads the table front to back and needs no row list.
    /// </summary>
    /// <param name="table">The published table.</param>
    /// <param name="dimension">The dimension <c>D</c>.</param>
    /// <param name="firstRow">The first row to score.</param>
    /// <param name="count">How many rows.</param>
    /// <param name="context">The context <c>x</c> (length <c>D</c>).</param>
    /// <param name="contextSquared">The element-wise squares <c>x²</c> (length <c>D</c>).</param>
    /// <param name="means">Receives <c>Σ x θ</c> per row (at least <paramref name="count"/>).</param>
    /// <param name="variances">Receives <c>Σ x² / d</c> per row (at least <paramref name="count"/>).</param>
    void ScoreDenseConsecutive(
        ReadOnlySpan<float> table,
        int dimension,
        int firstRow,
        int count,
        ReadOnlySpan<float> context,
        ReadOnlySpan<float> contextSquared,
        Span<float> means,
        Span<float> variances);

    /// <summary>Scores rows against a sparse context (only its non-zero coordinates are visited).</summary>
    /// <param name="table">The published table.</param>
    /// <param name="dimension">The dimension <c>D</c>.</param>
    /// <param name="rows">The row numbers to score.</param>
    /// <param name="indices">The context's coordinate indices.</param>
    /// <param name="values">The context's values at <paramref name="indices"/>.</param>
    /// <param name="valuesSquared">The squares of <paramref name="values"/>.</param>
    /// <param name="means">Receives <c>Σ x θ</c> per row.</param>
    /// <param name="variances">Receives <c>Σ x² / d</c> per row.</param>
    void ScoreSparse(
        ReadOnlySpan<float> table,
        int dimension,
        ReadOnlySpan<int> rows,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> values,
        ReadOnlySpan<float> valuesSquared,
        Span<float> means,
        Span<float> variances);
}
