namespace BanditServe.Storage;

/// <summary>One logged rank decision: the context, the policy that served it and the items it placed.</summary>
/// <remarks>
/// The context is either dense (<see cref="Features"/>) or sparse (<see cref="SparseFeatures"/>), never both;
/// both are <see langword="null"/> on surfaces without a context (<c>recovering-periodic</c>). Vectors are stored
/// compactly (<c>float4[]</c>/<c>int4[]</c> on PostgreSQL, little-endian blobs on SQLite), never as JSON text.
/// Arrays compare by reference: compare their contents in tests.
/// </remarks>
public sealed record DecisionRecord
{
    /// <summary>The decision's event id (the key rewards are joined on).</summary>
    public required string EventId { get; init; }

    /// <summary>The surface that was ranked.</summary>
    public required string Surface { get; init; }

    /// <summary>When the decision was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The serving policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The model version that scored the candidates.</summary>
    public required long ModelVersion { get; init; }

    /// <summary>The dense context vector, or <see langword="null"/>.</summary>
    public float[]? Features { get; init; }

    /// <summary>The sparse context vector, or <see langword="null"/>.</summary>
    public SparseFeatures? SparseFeatures { get; init; }

    /// <summary>The user the decision was made for, when known.</summary>
    public string? UserId { get; init; }

    /// <summary>The items placed, in slot order.</summary>
    public required IReadOnlyList<DecisionItem> Items { get; init; }
}
