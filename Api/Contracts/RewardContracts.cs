namespace BanditServe.Api.Contracts;

/// <summary>Body of <c>POST /v1/rewards</c> and one entry of <c>POST /v1/rewards:batch</c>.</summary>
public sealed class RewardRequest
{
    public string? EventId { get; set; }
    public string? ItemId { get; set; }
    public double? Reward { get; set; }
    public DateTimeOffset? At { get; set; }
}

public sealed class RewardsBatchRequest
{
    public List<RewardRequest>? Rewards { get; set; }
}

public sealed record RewardAcceptedResponse(string EventId, string ItemId);

public sealed record RejectedReward(int Index, string Detail);

public sealed record RewardsBatchResponse(int Accepted, IReadOnlyList<RejectedReward> Rejected);
