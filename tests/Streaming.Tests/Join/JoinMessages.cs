using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Tests.Join;

/// <summary>Builders of decisions and rewards for tests.</summary>
internal static class JoinMessages
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    public static DecisionMessage Decision(string eventId, DateTimeOffset at, string surface = "home", params string[] items) => new()
    {
        EventId = eventId,
        Surface = surface,
        At = at,
        Policy = "diag-linucb",
        ModelVersion = 7,
        Features = [0.5f, -1f, 2f],
        UserId = "u-1",
        Items = [.. (items.Length == 0 ? ["a", "b"] : items).Select((item, slot) => new DecisionItem { ItemId = item, Slot = slot, Score = 0.5, Propensity = 0.9 })],
    };

    public static RewardMessage Reward(string eventId, string itemId, double reward, DateTimeOffset at) =>
        new() { EventId = eventId, ItemId = itemId, Reward = reward, At = at };
}
