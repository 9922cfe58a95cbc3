namespace BanditServe.Streaming.Messages;

/// <summary>
/// One served decision, as written to the decisions topic (API.md, "Kafka topics").
/// </summary>
/// <remarks>
/// Exactly one of <see cref="Features"/> (dense) and <see cref="SparseFeatures"/> (extension for large
/// dimensions) carries the context; neither is present on surfaces that need no context
/// (<c>recovering-periodic</c>). <see cref="Period"/> is an extension set on recovering surfaces.
/// </remarks>
public sealed record DecisionMessage
{
    /// <summary>Unique id of the decision; also the Kafka key.</summary>
    public required string EventId { get; init; }

    /// <summary>The surface that served the decision.</summary>
    public required string Surface { get; init; }

    /// <summary>When the decision was served (server clock, UTC).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Policy name, e.g. <c>diag-linucb</c>.</summary>
    public required string Policy { get; init; }

    /// <summary>Model version that scored the decision.</summary>
    public required long ModelVersion { get; init; }

    /// <summary>Hashed dense context vector; omitted when <see cref="SparseFeatures"/> is set.</summary>
    public float[]? Features { get; init; }

    /// <summary>Sparse context vector for large dimensions (extension); omitted when <see cref="Features"/> is set.</summary>
    public SparseFeatureVector? SparseFeatures { get; init; }

    /// <summary>Optional user id.</summary>
    public string? UserId { get; init; }

    /// <summary>Items shown, one per slot.</summary>
    public required DecisionItem[] Items { get; init; }

    /// <summary>Schedule period on recovering-periodic surfaces (extension).</summary>
    public long? Period { get; init; }
}
