using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage.Tests;

public sealed class RetentionServiceTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Service_purges_logs_older_than_the_retention_days_when_it_starts()
    {
        var store = await fixture.CreateFreshStoreAsync();
        var surface = TestRecords.UniqueSurface();
        await store.AppendDecisionsAsync(
            [TestRecords.Decision(surface, Now.AddDays(-40), "old"), TestRecords.Decision(surface, Now.AddDays(-29), "kept")], Token);
        await store.AppendRewardsAsync([TestRecords.Reward(surface, Now.AddDays(-31), "old"), TestRecords.Reward(null, Now.AddDays(-1), "kept")], Token);
        var service = CreateService(store, new StorageOptions { RetentionDays = 30 });

        await service.StartAsync(Token);
        var purged = await LogWriterHarness.EventuallyAsync(async () => await CountAsync(store) == (1, 1), TimeSpan.FromSeconds(10));
        await service.StopAsync(Token);

        Assert.True(purged);
        Assert.Equal("kept", Assert.Single(await TestRecords.ToListAsync(store.ReadDecisionsAsync(null, DateTimeOffset.UnixEpoch, Now, Token))).EventId);
        Assert.Equal("kept", Assert.Single(await TestRecords.ToListAsync(store.ReadRewardsAsync(null, DateTimeOffset.UnixEpoch, Now, Token))).EventId);
    }

    [Fact]
    public async Task Service_purges_again_every_interval()
    {
        var store = await fixture.CreateFreshStoreAsync();
        var service = CreateService(store, new StorageOptions { RetentionDays = 1, RetentionInterval = TimeSpan.FromMilliseconds(50) });
        await service.StartAsync(Token);
        await Task.Delay(100, Token);

        await store.AppendDecisionsAsync([TestRecords.Decision(TestRecords.UniqueSurface(), Now.AddDays(-2))], Token);
        var purged = await LogWriterHarness.EventuallyAsync(async () => await CountAsync(store) == (0, 0), TimeSpan.FromSeconds(10));
        await service.StopAsync(Token);

        Assert.True(purged);
    }

    [Fact]
    public async Task Zero_retention_days_keeps_logs_forever()
    {
        var store = await fixture.CreateFreshStoreAsync();
        await store.AppendDecisionsAsync([TestRecords.Decision(TestRecords.UniqueSurface(), Now.AddYears(-10))], Token);
        var service = CreateService(store, new StorageOptions { RetentionDays = 0 });

        var purged = await service.PurgeOnceAsync(Token);

        Assert.Equal(default, purged);
        Assert.Equal((1, 0), await CountAsync(store));
    }

    [Fact]
    public async Task Batch_markers_older_than_a_day_are_purged_even_when_logs_are_kept_forever()
    {
        var store = await fixture.CreateFreshStoreAsync();
        var batch = Guid.NewGuid();
        await store.AppendDecisionsAsync([TestRecords.Decision(TestRecords.UniqueSurface(), Now.AddYears(-10))], batch, Token);
        var today = new RetentionService(store, Options.Create(new StorageOptions { RetentionDays = 0 }), TimeProvider.System, NullLogger<RetentionService>.Instance);
        var twoDaysLater = new RetentionService(
            store, Options.Create(new StorageOptions { RetentionDays = 0 }), new FixedTimeProvider(DateTimeOffset.UtcNow.AddDays(2)), NullLogger<RetentionService>.Instance);

        await today.PurgeOnceAsync(Token);
        var keptWhileFresh = await store.LogBatchExistsAsync(batch, Token);
        await twoDaysLater.PurgeOnceAsync(Token);

        Assert.True(keptWhileFresh);
        Assert.False(await store.LogBatchExistsAsync(batch, Token));
        Assert.Equal((1, 0), await CountAsync(store));
    }

    private static RetentionService CreateService(IBanditStore store, StorageOptions options) =>
        new(store, Options.Create(options), new FixedTimeProvider(Now), NullLogger<RetentionService>.Instance);

    private static async Task<(int Decisions, int Rewards)> CountAsync(IBanditStore store) => (
        (await TestRecords.ToListAsync(store.ReadDecisionsAsync(null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, Token))).Count,
        (await TestRecords.ToListAsync(store.ReadRewardsAsync(null, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, Token))).Count);
}
