namespace BanditServe.Streaming.Join;

/// <summary>Timing of the reward join that does not depend on the surface.</summary>
public sealed record RewardJoinOptions
{
    /// <summary>How long a reward that arrives before its decision is held before it is refused as unknown.</summary>
    public TimeSpan RewardGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long after its deadline a window stays open, so that a reward that happened inside the
    /// window but travelled through Kafka a little later is still joined.
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a closed event is remembered, so later rewards are refused as late (not unknown) and duplicates stay ignored.</summary>
    public TimeSpan ClosedEventRetention { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most closed events remembered at once; beyond it the oldest are forgotten before their retention ends, so a
    /// later reward for one is refused as unknown (after <see cref="RewardGrace"/>) rather than as late. A closed
    /// event keeps its id and item ids: at 8,000 decisions a second an hour of them is about 29 million, gigabytes of
    /// memory and of every checkpoint.
    /// </summary>
    public int ClosedEventCapacity { get; init; } = 1_000_000;
}
