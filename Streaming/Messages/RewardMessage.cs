namespace BanditServe.Streaming.Messages;

/// <summary>One observed reward, as written to the rewards topic (API.md, "Kafka topics").</summary>
public sealed record RewardMessage
{
    /// <summary>The decision the reward belongs to; also the Kafka key.</summary>
    public required string EventId { get; init; }

    /// <summary>The item that was rewarded; must be one the decision showed.</summary>
    public required string ItemId { get; init; }

    /// <summary>Finite reward value.</summary>
    public required double Reward { get; init; }

    /// <summary>When the reward happened (UTC).</summary>
    public required DateTimeOffset At { get; init; }
}
