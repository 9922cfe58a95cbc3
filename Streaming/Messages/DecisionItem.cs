namespace BanditServe.Streaming.Messages;

/// <summary>One item placed in one slot of a decision.</summary>
/// <remarks>
/// A struct: a decision carries up to 100 of them, through the publisher and again through the consumer, and as
/// objects they were ten of the few dozen objects each rank left for the garbage collector (docs/performance.md,
/// "Ninth pass"). A JSON <c>null</c> in <c>items</c> is therefore a malformed message, not an item that fails
/// validation.
/// </remarks>
public readonly record struct DecisionItem
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
