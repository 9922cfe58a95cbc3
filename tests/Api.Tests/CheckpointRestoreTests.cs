using System.Net;
using System.Text.Json;
using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using BanditServe.Api.Tests.Infrastructure;
using BanditServe.Streaming.Checkpoints;
using BanditServe.Streaming.Consuming;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BanditServe.Api.Tests;

/// <summary>
/// At start the stream consumer restores the models from the newest checkpoint. Until it has, the surfaces
/// loaded from the catalog hold the prior: rank (and model export, import, snapshots) answer 503 with
/// Retry-After, as readiness does; afterwards they serve the restored model and the counters go on from
/// the checkpoint's.
/// </summary>
public sealed class CheckpointRestoreTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("banditserve-restore-").FullName;

    private string DatabasePath => Path.Combine(_directory, "banditserve.db");

    [Fact]
    public async Task Rank_answers_503_until_the_checkpoint_is_restored_then_serves_the_restored_model_and_counts_on()
    {
        var ct = TestContext.Current.CancellationToken;
        const int decisionsBefore = 5;
        const int decisionsAfter = 3;

        // Arrange: a server that ranks, learns one reward and checkpoints it, then stops.
        JsonElement learnedBefore;
        await using (var first = new RestartableServerFactory(DatabasePath, restoreHeldUntil: null))
        {
            var admin = first.CreateAdminClient();
            Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/v1/surfaces/home", """{"dimension": 2, "epsilon": 0, "defaultReward": null}""")).StatusCode);
            await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/home/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}]}"""));
            string? shown = null;
            for (var i = 0; i < decisionsBefore; i++)
            {
                var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/home/rank", $$"""{"features": [1, 0], "eventId": "before-{{i}}"}"""));
                shown ??= ranked.GetProperty("items")[0].GetProperty("itemId").GetString();
            }

            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostJsonAsync("/v1/rewards", $$"""{"eventId": "before-0", "itemId": "{{shown}}", "reward": 1.0}""")).StatusCode);
            await EventuallyAsync(async () => (await ItemAsync(admin, shown!)).GetProperty("rewardsApplied").GetInt64() == 1, "the reward was never learned");
            learnedBefore = await ItemAsync(admin, shown!);

            var learnedAt = DateTimeOffset.UtcNow;
            var consumer = first.Services.GetRequiredService<StreamConsumerStatus>();
            await EventuallyAsync(() => Task.FromResult(consumer.LastCheckpointAt > learnedAt), "no checkpoint after the reward was learned");
        }

        // Act: restart on the same store with the restore held back.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var second = new RestartableServerFactory(DatabasePath, release.Task);
        var client = second.CreateAdminClient();

        // Assert: while restoring, rank and the model endpoints refuse with 503 and Retry-After; readiness agrees.
        var refused = await client.PostJsonAsync("/v1/surfaces/home/rank", """{"features": [1, 0]}""");
        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "surface");
        Assert.Equal(CheckpointRestore.RetryAfter, refused.Headers.RetryAfter?.Delta);
        var ready = await client.GetAsync("/health/ready", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", (await HttpAssertions.ReadJsonAsync(ready, HttpStatusCode.ServiceUnavailable)).GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        await HttpAssertions.AssertProblemAsync(await client.GetAsync("/v1/surfaces/home/model", ct), HttpStatusCode.ServiceUnavailable, "surface");
        await HttpAssertions.AssertProblemAsync(await client.PostJsonAsync("/v1/surfaces/home/snapshots", ""), HttpStatusCode.ServiceUnavailable, "surface");
        await HttpAssertions.AssertProblemAsync(await client.PutJsonAsync("/v1/surfaces/home/model", "{}"), HttpStatusCode.ServiceUnavailable, "surface");
        await HttpAssertions.AssertProblemAsync(await client.GetAsync("/v1/surfaces/home/decisions/any-event/explanation", ct), HttpStatusCode.ServiceUnavailable, "surface");

        // Catalog changes are accepted meanwhile and survive the restore.
        await HttpAssertions.ReadJsonAsync(await client.PutJsonAsync("/v1/surfaces/home/items/c", """{"active": true}"""));

        release.SetResult();
        var restore = second.Services.GetRequiredService<CheckpointRestore>();
        await EventuallyAsync(() => Task.FromResult(restore.IsComplete), "the checkpoint was never restored");

        for (var i = 0; i < decisionsAfter; i++)
        {
            await HttpAssertions.ReadJsonAsync(await client.PostJsonAsync("/v1/surfaces/home/rank", """{"features": [1, 0]}"""));
        }

        var surface = await SurfaceAsync(client);
        Assert.Equal(decisionsBefore + decisionsAfter, surface.GetProperty("decisions").GetInt64());
        Assert.Equal(1, surface.GetProperty("rewardsApplied").GetInt64());
        var learnedAfter = await ItemAsync(client, learnedBefore.GetProperty("itemId").GetString()!);
        Assert.Equal(learnedBefore.GetProperty("precision").ToString(), learnedAfter.GetProperty("precision").ToString());
        Assert.Equal(learnedBefore.GetProperty("theta").ToString(), learnedAfter.GetProperty("theta").ToString());
        Assert.True((await ItemAsync(client, "c")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_surface_created_after_start_is_served_at_once_while_the_restore_is_still_running()
    {
        var ct = TestContext.Current.CancellationToken;

        // Arrange: a restore that never finishes during the test.
        var never = new TaskCompletionSource();
        await using var server = new RestartableServerFactory(DatabasePath, never.Task);
        var admin = server.CreateAdminClient();

        // Act
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/v1/surfaces/new", """{"dimension": 2}""")).StatusCode);
        await HttpAssertions.ReadJsonAsync(await admin.PutJsonAsync("/v1/surfaces/new/items/a", """{"active": true}"""));
        var ranked = await admin.PostJsonAsync("/v1/surfaces/new/rank", """{"features": [1, 0]}""");

        // Assert: nothing to restore for it, so it serves; readiness still waits for the restore.
        await HttpAssertions.ReadJsonAsync(ranked);
        Assert.False(server.Services.GetRequiredService<CheckpointRestore>().IsComplete);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/health/ready", ct)).StatusCode);
    }

    [Fact]
    public void Restoring_adds_the_checkpoint_counters_to_those_counted_since_start_and_skips_surfaces_created_since()
    {
        // Arrange: a checkpoint of two surfaces with counters.
        var settings = new SurfaceSettings(2, SurfacePolicies.DiagLinUcb, 1, 0.1, 1, 1, 600, 0, null);
        var registry = new SurfaceRegistry();
        foreach (var id in new[] { "loaded", "created" })
        {
            var runtime = new SurfaceRuntime(id, settings, 1);
            SurfaceAdministration.ApplyItem(runtime, "a", true);
            runtime.Linear!.Apply("a", BanditServe.Bandits.FeatureVector.Dense([1f, 0f], 2), 1.0);
            for (var i = 0; i < 5; i++)
            {
                runtime.CountDecision();
            }

            runtime.CountRewardApplied();
            registry.Set(runtime);
        }

        var state = new SurfaceLearningSink(registry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).CaptureState();

        // A restarted server: "loaded" comes from the catalog at start and already counted 2 decisions;
        // "created" was created after start, so the checkpoint's statistics of an older surface of that name do not apply.
        var restartedRegistry = new SurfaceRegistry();
        var loaded = new SurfaceRuntime("loaded", settings, 1);
        loaded.ExpectCheckpointRestore();
        SurfaceAdministration.ApplyItem(loaded, "a", true);
        loaded.CountDecision();
        loaded.CountDecision();
        var created = new SurfaceRuntime("created", settings, 1);
        SurfaceAdministration.ApplyItem(created, "a", true);
        created.CountDecision();
        restartedRegistry.Set(loaded);
        restartedRegistry.Set(created);

        // Act
        new SurfaceLearningSink(restartedRegistry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).RestoreState(state);

        // Assert
        Assert.Equal(5 + 2, loaded.Decisions);
        Assert.Equal(1, loaded.RewardsApplied);
        Assert.Equal(2.0, loaded.Linear!.GetItem("a")!.Precision![0]);
        Assert.Equal(1, created.Decisions);
        Assert.Equal(0, created.RewardsApplied);
        Assert.Equal(1.0, created.Linear!.GetItem("a")!.Precision![0]);
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

    private static async Task<JsonElement> ItemAsync(HttpClient client, string itemId) =>
        await HttpAssertions.ReadJsonAsync(await client.GetAsync($"/v1/surfaces/home/items/{itemId}", TestContext.Current.CancellationToken));

    private static async Task<JsonElement> SurfaceAsync(HttpClient client) =>
        await HttpAssertions.ReadJsonAsync(await client.GetAsync("/v1/surfaces/home", TestContext.Current.CancellationToken));

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A server on a given SQLite file whose start-up restore waits for <c>restoreHeldUntil</c>.</summary>
    private sealed class RestartableServerFactory(string databasePath, Task? restoreHeldUntil) : BanditServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [.. base.Settings.Where(setting => setting.Key != "Storage:SqlitePath"), new("Storage:SqlitePath", databasePath)];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (restoreHeldUntil is { } held)
            {
                builder.ConfigureTestServices(services =>
                {
                    services.AddSingleton<StorageCheckpointStore>();
                    services.AddSingleton<IStreamCheckpointStore>(provider => new HeldCheckpointStore(provider.GetRequiredService<StorageCheckpointStore>(), held));
                });
            }
        }
    }

    private sealed class HeldCheckpointStore(IStreamCheckpointStore inner, Task held) : IStreamCheckpointStore
    {
        public Task SaveAsync(StreamCheckpoint checkpoint, CancellationToken cancellationToken) => inner.SaveAsync(checkpoint, cancellationToken);

        public async Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken)
        {
            await held.WaitAsync(cancellationToken);
            return await inner.LoadLatestAsync(cancellationToken);
        }
    }
}
