namespace BanditServe.Api.Dashboard.Activity;

/// <summary>A surface's activity over one sampling interval ending at <see cref="At"/>.</summary>
/// <param name="At">End of the interval.</param>
/// <param name="DecisionsPerSecond">Rank decisions per second.</param>
/// <param name="RewardsPerSecond">Rewards learned per second (default rewards included).</param>
/// <param name="MeanReward">Mean of the rewards learned in the interval; null when none was.</param>
/// <param name="ExplorationShare">Share of the slots served that the epsilon branch filled; null when none was served.</param>
/// <param name="ModelVersion">The model version at the end of the interval.</param>
public sealed record ActivityPointResponse(
    DateTimeOffset At,
    double DecisionsPerSecond,
    double RewardsPerSecond,
    double? MeanReward,
    double? ExplorationShare,
    long ModelVersion);
