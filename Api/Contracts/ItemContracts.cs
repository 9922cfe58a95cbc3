namespace BanditServe.Api.Contracts;

public sealed class ItemUpsertRequest
{
    public bool? Active { get; set; }
}

public sealed class ItemsBatchRequest
{
    public List<ItemsBatchEntry>? Items { get; set; }
}

public sealed class ItemsBatchEntry
{
    public string? ItemId { get; set; }
    public bool? Active { get; set; }
}

public sealed record ItemsBatchResponse(int Upserted);

public sealed record SparseCoordinates(int[] Indices, double[] Theta, double[] Precision);

public sealed record RecoveryPoint(int IdlePeriods, long Count, double? Mean, double UpperBound);

public sealed record ItemRecoveryState(
    long CurrentPeriod,
    int? CycleLength,
    int? Offset,
    long? NextFeaturedPeriod,
    IReadOnlyList<RecoveryPoint> Curve);

/// <summary>An item as <c>GET /v1/surfaces/{surface}/items/{itemId}</c> returns it.</summary>
public sealed record ItemResponse(
    string ItemId,
    bool Active,
    long Impressions,
    long RewardsApplied,
    double MeanReward,
    double[]? Theta,
    double[]? Precision,
    SparseCoordinates? Sparse,
    DateTimeOffset? LastShownAt,
    ItemRecoveryState? Recovery);
