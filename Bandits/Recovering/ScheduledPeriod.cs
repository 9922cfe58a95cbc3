namespace BanditServe.Bandits.Recovering;

/// <summary>The items featured in one period.</summary>
/// <param name="Period">Period number, floor(unix seconds / periodSeconds).</param>
/// <param name="Items">Featured item ids (at most K), in the order of their first upsert.</param>
/// <param name="PlanVersion">Version of the plan the period follows, 0 when no plan covers it.</param>
public sealed record ScheduledPeriod(long Period, IReadOnlyList<string> Items, long PlanVersion);
