namespace BanditServe.Bandits.Scoring;

/// <summary>The model side of a <see cref="ResidentTableSync"/>: where changed rows are read from.</summary>
internal interface IPublishedRows
{
    /// <summary>The rows that exist now.</summary>
    int RowCount { get; }

    /// <summary>Copies a row's published θ and 1/d (never half-written).</summary>
    void CopyRow(int row, Span<float> destination);

    /// <summary>Whether rankings may place the row's item now.</summary>
    bool IsActive(int row);
}
