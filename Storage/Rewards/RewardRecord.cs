namespace BanditServe.Storage;

/// <summary>One logged reward.</summary>
/// <param name="EventId">The decision's event id.</param>
/// <param name="Surface">The decision's surface once joined; <see langword="null"/> when not (yet) known.</param>
/// <param name="ItemId">The item rewarded.</param>
/// <param name="Reward">The reward value (finite).</param>
/// <param name="At">When the reward happened.</param>
/// <param name="Outcome">What the learner did with it.</param>
public sealed record RewardRecord(string EventId, string? Surface, string ItemId, double Reward, DateTimeOffset At, RewardOutcome Outcome);
