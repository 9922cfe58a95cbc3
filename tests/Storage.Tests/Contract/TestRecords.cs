namespace BanditServe.Storage.Tests;

/// <summary>Builders of valid records with unique ids, so tests sharing a database never see each other's rows.</summary>
public static class TestRecords
{
    /// <summary>A fixed instant with sub-millisecond digits, so microsecond precision is exercised.</summary>
    public static readonly DateTimeOffset Epoch = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);

    public static string UniqueSurface(string prefix = "s") => $"{prefix}-{Guid.NewGuid():N}";

    public static SurfaceRecord Surface(string? id = null, DateTimeOffset? at = null) => new(
        id ?? UniqueSurface(), 16, "diag-linucb", 1.0, 0.05, 1.0, 0.999, 600, 0.0, null, at ?? Epoch, at ?? Epoch);

    public static ItemRecord Item(string surface, string itemId, bool active = true) => new(surface, itemId, active, Epoch, Epoch);

    public static DecisionRecord Decision(string surface, DateTimeOffset at, string? eventId = null) => new()
    {
        EventId = eventId ?? Guid.NewGuid().ToString("N"),
        Surface = surface,
        At = at,
        Policy = "diag-linucb",
        ModelVersion = 4711,
        Features = [0.1f, 0f, 1f, -2.5f],
        UserId = "u-42",
        Items = [new DecisionItem("item-2", 0, 0.734, 0.9625), new DecisionItem("item-1", 1, 0.52, 0.95)],
    };

    public static RewardRecord Reward(string? surface, DateTimeOffset at, string? eventId = null) =>
        new(eventId ?? Guid.NewGuid().ToString("N"), surface, "item-2", 1.0, at, RewardOutcome.Applied);

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
