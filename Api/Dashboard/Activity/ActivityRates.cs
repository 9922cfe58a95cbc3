namespace BanditServe.Api.Dashboard.Activity;

/// <summary>A surface's recent rates, over the last few sampling intervals.</summary>
/// <param name="DecisionsPerSecond">Rank decisions per second; null before two samples exist.</param>
/// <param name="RewardsPerSecond">Rewards learned per second; null before two samples exist.</param>
/// <param name="WindowSeconds">The length of the window the rates cover.</param>
public sealed record ActivityRates(double? DecisionsPerSecond, double? RewardsPerSecond, double WindowSeconds);
