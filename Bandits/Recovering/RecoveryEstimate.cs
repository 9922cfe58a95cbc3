namespace BanditServe.Bandits.Recovering;

/// <summary>What the policy knows about an item's reward after a given idle time (one point of its recovery curve).</summary>
/// <param name="IdlePeriods">d in 1..d_max: periods since the item was last featured (capped at d_max).</param>
/// <param name="Count">Rewards credited at this idle time, n_{i,d}.</param>
/// <param name="Mean">Empirical mean S_{i,d}/n_{i,d}, or null without observations.</param>
/// <param name="UpperBound">Ũ_{i,d}, the upper confidence bound after the monotone closure (ALGORITHMS.md §3.4).</param>
public sealed record RecoveryEstimate(int IdlePeriods, long Count, double? Mean, double UpperBound);
