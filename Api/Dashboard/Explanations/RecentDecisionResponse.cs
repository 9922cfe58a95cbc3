namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>A recent decision of a surface, as listed by the dashboard.</summary>
/// <param name="EventId">The decision.</param>
/// <param name="At">When it was made.</param>
/// <param name="ItemIds">The placed items by slot.</param>
/// <param name="ExploredSlots">How many slots the epsilon branch filled.</param>
/// <param name="Rewards">How many rewards have been joined to it.</param>
public sealed record RecentDecisionResponse(string EventId, DateTimeOffset At, IReadOnlyList<string> ItemIds, int ExploredSlots, int Rewards);
