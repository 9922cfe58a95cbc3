namespace BanditServe.Streaming.Join;

/// <summary>A decision the join knows: open until its window closes, then remembered without its context.</summary>
internal sealed class JoinEntry
{
    public required string EventId { get; init; }

    public required string Surface { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    public required double? DefaultReward { get; init; }

    public required long? Period { get; init; }

    public required string[] ItemIds { get; init; }

    public required bool[] Rewarded { get; init; }

    public ContextFeatures Features { get; set; } = ContextFeatures.None;

    public int IndexOf(string itemId) => Array.IndexOf(ItemIds, itemId);
}
