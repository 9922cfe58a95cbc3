using BanditServe.Api.Learning;
using BanditServe.Api.Scoring;
using BanditServe.Api.Surfaces;
using BanditServe.Storage;
using BanditServe.Streaming.Messages;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Tests;

/// <summary>
/// Two replicas' catalogs over one shared store (real SQLite): the second brings a surface or item the first created
/// in from the store when a decision names it, and forgets a surface the store no longer has.
/// </summary>
public sealed class SurfaceDirectoryLookupTests : IDisposable
{
    private static readonly SurfaceSettings Settings = new(2, SurfacePolicies.DiagLinUcb, 1, 0.1, 1, 1, 600, 0.25, null);
    private readonly string _directory = Directory.CreateTempSubdirectory("banditserve-lookup-").FullName;

    [Fact]
    public async Task Refresh_brings_in_a_surface_and_an_item_created_on_another_replica_and_drops_a_deleted_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store(Path.Combine(_directory, "shared.db"));
        await store.MigrateAsync(ct);
        var first = Administration(new SurfaceRegistry(), store);
        var secondRegistry = new SurfaceRegistry();
        var second = new RegistrySurfaceDirectory(secondRegistry, Administration(secondRegistry, store));
        Assert.True((await first.PutSurfaceAsync("fresh", Settings, ct)).Created);
        Assert.Null((await first.UpsertItemsAsync("fresh", [("a", true)], ct)).Problem);

        Assert.False(second.Knows(Decision("fresh", "a")));
        await second.RefreshAsync("fresh", ct);
        Assert.True(second.Knows(Decision("fresh", "a")));
        Assert.True(second.TryGetSurface("fresh", out var join));
        Assert.Equal(TimeSpan.FromSeconds(600), join.RewardWindow);
        Assert.Equal(0.25, join.DefaultReward);

        Assert.Null((await first.UpsertItemsAsync("fresh", [("b", true)], ct)).Problem);
        Assert.False(second.Knows(Decision("fresh", "a", "b")));
        await second.RefreshAsync("fresh", ct);
        Assert.True(second.Knows(Decision("fresh", "a", "b")));
        Assert.True(secondRegistry.TryGet("fresh", out var runtime));
        Assert.True(runtime.Linear!.Apply("b", BanditServe.Bandits.FeatureVector.Dense([1f, 0f], 2), 1.0));

        Assert.True(await first.DeleteSurfaceAsync("fresh", ct));
        await second.RefreshAsync("fresh", ct);
        Assert.False(second.TryGetSurface("fresh", out _));
        await second.RefreshAsync("never-created", ct);
        Assert.False(second.TryGetSurface("never-created", out _));
    }

    [Fact]
    public async Task Refresh_throws_when_the_store_cannot_be_read_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = new SurfaceRegistry();
        // A database file the store cannot read stands for a store that is down.
        var path = Path.Combine(_directory, "broken.db");
        await File.WriteAllTextAsync(path, new string('x', 4096), ct);
        var unreachable = Store(path);
        var directory = new RegistrySurfaceDirectory(registry, Administration(registry, unreachable));

        await Assert.ThrowsAnyAsync<Exception>(() => directory.RefreshAsync("fresh", ct));
        Assert.False(directory.TryGetSurface("fresh", out _));
        Assert.Equal(0, registry.Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static SqliteBanditStore Store(string path) =>
        new(Options.Create(new StorageOptions { Provider = "sqlite", SqlitePath = path }));

    private static SurfaceAdministration Administration(SurfaceRegistry registry, IBanditStore store) =>
        new(registry, store, TimeProvider.System, new ScoringBackendFactory(Options.Create(new ScoringOptions()), NullLogger<ScoringBackendFactory>.Instance));

    private static DecisionMessage Decision(string surface, params string[] items) => new()
    {
        EventId = Guid.NewGuid().ToString("N"),
        Surface = surface,
        At = DateTimeOffset.UtcNow,
        Policy = SurfacePolicies.DiagLinUcb,
        ModelVersion = 1,
        Features = [1f, 0f],
        Items = [.. items.Select((id, slot) => new BanditServe.Streaming.Messages.DecisionItem { ItemId = id, Slot = slot, Score = 0, Propensity = 1 })],
    };
}
