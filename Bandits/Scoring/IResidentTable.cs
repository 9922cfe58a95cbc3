namespace BanditServe.Bandits.Scoring;

/// <summary>
/// A copy of one surface's published Diag-LinUCB table held where a batch scorer reads it (device
/// memory for ILGPU), scored for many contexts in one pass over the rows.
/// </summary>
/// <remarks>
/// <para>
/// Rows are numbered like the model's items (0, 1, …). Each row is <c>2·D</c> floats, θ then
/// <c>1/d</c>, the layout <see cref="IScoringBackend"/> documents, plus an active flag: inactive
/// rows are never selected. The owner uploads changed rows (<see cref="Upload"/>); the table never
/// reads the model itself.
/// </para>
/// <para>
/// Contexts are dense and flat: context <c>b</c> is <c>contexts[b·D .. b·D + D)</c>, with its element-wise
/// squares at the same place in <c>contextsSquared</c>. Results may differ from <see cref="CpuSimdScoringBackend"/>
/// by float rounding (another summation order).
/// </para>
/// <para>Implementations serialise their own device work: all members may be called from any thread.</para>
/// </remarks>
public interface IResidentTable : IDisposable
{
    /// <summary>The dimension <c>D</c>.</summary>
    int Dimension { get; }

    /// <summary>The rows the table holds (the highest uploaded row + 1, or more after <see cref="Upload"/> grew it).</summary>
    int RowCount { get; }

    /// <summary>The largest <c>k</c> <see cref="SelectTop"/> accepts.</summary>
    int MaxSelect { get; }

    /// <summary>Writes changed rows and grows the table to <paramref name="rowCount"/> rows (new rows not listed stay inactive).</summary>
    /// <param name="rowCount">The number of rows the table must hold afterwards (never shrinks).</param>
    /// <param name="rows">The row numbers written.</param>
    /// <param name="values">Their contents, <c>2·D</c> floats per listed row in list order.</param>
    /// <param name="active">Their active flags (non-zero = may be selected), one per listed row.</param>
    void Upload(int rowCount, ReadOnlySpan<int> rows, ReadOnlySpan<float> values, ReadOnlySpan<byte> active);

    /// <summary>Scores every row for every context: <c>Σ x θ</c> and <c>Σ x²/d</c> in one pass over each row.</summary>
    /// <param name="contexts">The contexts, <c>contextCount·D</c> floats.</param>
    /// <param name="contextsSquared">Their squares.</param>
    /// <param name="contextCount">The number of contexts <c>B</c>.</param>
    /// <param name="means">Receives <c>B·RowCount</c> means, context-major.</param>
    /// <param name="variances">Receives <c>B·RowCount</c> variances, context-major.</param>
    void Score(ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, Span<float> means, Span<float> variances);

    /// <summary>
    /// Scores every active row by <c>mean + alpha·sqrt(max(0, variance))</c> for every context and
    /// selects each context's best <paramref name="k"/> by score descending, then row ascending.
    /// </summary>
    /// <param name="contexts">The contexts, <c>contextCount·D</c> floats.</param>
    /// <param name="contextsSquared">Their squares.</param>
    /// <param name="contextCount">The number of contexts <c>B</c>.</param>
    /// <param name="alpha">The exploration width.</param>
    /// <param name="k">How many rows per context, 1 to <see cref="MaxSelect"/>.</param>
    /// <param name="rows">Receives context b's rows at <c>[b·k, b·k + counts[b])</c>, best first.</param>
    /// <param name="scores">Receives their scores at the same places.</param>
    /// <param name="counts">Receives how many rows each context got (fewer than k when fewer rows are active).</param>
    /// <param name="tiesBeyond">
    /// Receives true for a context when an active row that was not returned may score exactly as
    /// much as the last one returned; the caller then breaks the tie by item id itself.
    /// </param>
    void SelectTop(ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, float alpha, int k, Span<int> rows, Span<float> scores, Span<int> counts, Span<bool> tiesBeyond);
}
