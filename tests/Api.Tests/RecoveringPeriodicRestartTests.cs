using System.Net;
using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using BanditServe.Api.Tests.Dashboard;
using BanditServe.Api.Tests.Infrastructure;
using BanditServe.Streaming.Consuming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BanditServe.Api.Tests;

/// <summary>The recovering-periodic state is checkpointed with the rest of the model and restored at start.</summary>
public sealed class RecoveringPeriodicRestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("banditserve-recovering-restart-").FullName;

    [Fact]
    public async Task A_restarted_server_keeps_the_learned_curves_and_answers_the_same_schedule()
    {
        // Arrange: a server learns twenty rewards on a recovering surface, checkpoints them and stops.
        var ct = TestContext.Current.CancellationToken;
        var sqlite = Path.Combine(_directory, "banditserve.db");
        long period;
        string featured;
        string curveBefore;
        string scheduleBefore;
        await using (var before = new SharedStorageFactory(sqlite))
        {
            var admin = before.CreateAdminClient();
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/v1/surfaces/restart-row", RecoveringPeriodicTests.YearlyConfig)).StatusCode);
            await admin.PostJsonAsync("/v1/surfaces/restart-row/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}, {"itemId": "c"}]}""");
            (period, featured) = await RecoveringPeriodicTests.LearnZerosAsync(admin, "restart-row", 20);
            var learnedAt = DateTimeOffset.UtcNow;
            curveBefore = (await RecoveringPeriodicTests.ItemAsync(admin, "restart-row", featured)).GetProperty("recovery").ToString();
            scheduleBefore = (await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/restart-row/schedule?from={period}&count=6", ct))).ToString();
            var consumer = before.Services.GetRequiredService<StreamConsumerStatus>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (consumer.LastCheckpointAt is not { } at || at <= learnedAt)
            {
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint after the rewards were learned");
                await Task.Delay(50, ct);
            }
        }

        // Act: a new process over the same store.
        await using var after = new SharedStorageFactory(sqlite);
        var restarted = after.CreateAdminClient();
        var restore = after.Services.GetRequiredService<CheckpointRestore>();
        var restoreDeadline = DateTime.UtcNow.AddSeconds(30);
        while (!restore.IsComplete)
        {
            Assert.True(DateTime.UtcNow < restoreDeadline, "the checkpoint was never restored");
            await Task.Delay(50, ct);
        }

        // Assert: the same curve (counts, means, bounds, cycle) and the same served and forecast periods.
        Assert.Equal(curveBefore, (await RecoveringPeriodicTests.ItemAsync(restarted, "restart-row", featured)).GetProperty("recovery").ToString());
        Assert.Equal(scheduleBefore, (await HttpAssertions.ReadJsonAsync(await restarted.GetAsync($"/v1/surfaces/restart-row/schedule?from={period}&count=6", ct))).ToString());
        var ranked = await HttpAssertions.ReadJsonAsync(await restarted.PostJsonAsync("/v1/surfaces/restart-row/rank", "{}"));
        Assert.Equal(featured, ranked.GetProperty("items")[0].GetProperty("itemId").GetString());
    }

    [Fact]
    public void A_checkpointed_policy_whose_recovery_settings_no_longer_match_the_surface_is_not_restored()
    {
        // Arrange: two recovering surfaces with K = 2, each with one learned reward.
        var twoSlots = new SurfaceSettings(null, SurfacePolicies.RecoveringPeriodic, 1, 0, 1, 1, 600, 0, new RecoverySettings(60, 2, 4, false));
        var registry = new SurfaceRegistry();
        foreach (var id in new[] { "unchanged", "resized" })
        {
            var runtime = new SurfaceRuntime(id, twoSlots, 1);
            SurfaceAdministration.ApplyItem(runtime, "a", true);
            Assert.True(runtime.Periodic!.ApplyReward(runtime.Periodic.ScheduledItems(0)[0], 0, 1.0));
            registry.Set(runtime);
        }

        var state = new SurfaceLearningSink(registry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).CaptureState();

        // A restarted server where "resized" was changed to K = 3 after the checkpoint (possible while it had no data).
        var restartedRegistry = new SurfaceRegistry();
        var unchanged = new SurfaceRuntime("unchanged", twoSlots, 1);
        var resized = new SurfaceRuntime("resized", twoSlots with { Recovery = new RecoverySettings(60, 3, 4, false) }, 1);
        foreach (var runtime in new[] { unchanged, resized })
        {
            runtime.ExpectCheckpointRestore();
            SurfaceAdministration.ApplyItem(runtime, "a", true);
            restartedRegistry.Set(runtime);
        }

        // Act
        new SurfaceLearningSink(restartedRegistry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).RestoreState(state);

        // Assert
        Assert.Equal(1, unchanged.Periodic!.GetItem("a", 0)!.Observations);
        Assert.Equal(3, resized.Periodic!.Options.SlotsPerPeriod);
        Assert.Equal(0, resized.Periodic.GetItem("a", 0)!.Observations);
        Assert.Equal(["a"], resized.Periodic.ScheduledItems(0));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL briefly; the temp directory is harmless.
        }
    }
}
