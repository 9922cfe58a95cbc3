namespace BanditServe.Streaming.Messages;

/// <summary>One item placed in one slot of a decision.</summary>
public sealed record DecisionItem
{
    /// <summary>The item shown.</summary>
    public required string ItemId { get; init; }

    /// <summary>Zero-based slot.</summary>
    public required int Slot { get; init; }

    /// <summary>Score the policy gave the item.</summary>
    public required double Score { get; init; }

    /// <summary>Exact probability that the policy picked this item for this slot.</summary>
    public required double Propensity { get; init; }
}
