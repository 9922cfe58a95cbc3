namespace BanditServe.Api.Contracts;

/// <summary>Body of <c>POST /v1/surfaces/{surface}/rank</c> (API.md "Rank").</summary>
public sealed class RankRequest
{
    public float[]? Features { get; set; }
    public SparseFeatures? SparseFeatures { get; set; }
    public Dictionary<string, double>? NamedFeatures { get; set; }
    public List<string>? Candidates { get; set; }
    public List<string>? Exclude { get; set; }
    public int? Slots { get; set; }
    public string? UserId { get; set; }
    public string? EventId { get; set; }
    public DateTimeOffset? At { get; set; }
}

public sealed class SparseFeatures
{
    public int[]? Indices { get; set; }
    public float[]? Values { get; set; }
}

/// <summary>One placed item of a rank response; a value, like the ranking's <see cref="BanditServe.Bandits.RankedItem"/> it copies.</summary>
public readonly record struct RankedItemResponse(string ItemId, int Slot, double Score, double Propensity);

public sealed record RankResponse(
    string EventId,
    string Surface,
    string Policy,
    long ModelVersion,
    IReadOnlyList<RankedItemResponse> Items,
    IReadOnlyList<string>? UnknownCandidates,
    long? Period);
