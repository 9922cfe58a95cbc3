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
}
