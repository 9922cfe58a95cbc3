namespace BanditServe.Api.Dashboard.Activity;

/// <summary>One surface's cumulative counters at one instant; rates come from differences of two samples.</summary>
internal readonly record struct ActivitySample(
    DateTimeOffset At,
    long Decisions,
    long RewardsApplied,
    long JoinedRewards,
    double JoinedRewardSum,
    double SlotsServed,
    double ExplorationPicks,
    long ModelVersion);
