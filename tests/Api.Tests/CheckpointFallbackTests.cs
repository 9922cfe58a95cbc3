using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using BanditServe.Storage;
using BanditServe.Streaming.Checkpoints;
using BanditServe.Streaming.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Tests;

/// <summary>A corrupt or unreadable checkpoint is refused and the previous one is used (real SQLite store).</summary>
public sealed class CheckpointFallbackTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("banditserve-checkpoints-").FullName;

    [Fact]
    public async Task A_corrupt_newest_checkpoint_is_skipped_for_the_one_before_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new SqliteBanditStore(Options.Create(new StorageOptions { Provider = "sqlite", SqlitePath = Path.Combine(_directory, "cp.db") }));
        await store.MigrateAsync(ct);

        var registry = new SurfaceRegistry();
        var settings = new SurfaceSettings(2, SurfacePolicies.DiagLinUcb, 1, 0.1, 1, 1, 600, 0, null);
        var runtime = new SurfaceRuntime("home", settings, 1);
        SurfaceAdministration.ApplyItem(runtime, "a", true);
        runtime.Linear!.Apply("a", BanditServe.Bandits.FeatureVector.Dense([1f, 0f], 2), 1.0);
        registry.Set(runtime);

        var sink = new SurfaceLearningSink(registry, null!, null!, NullLogger<SurfaceLearningSink>.Instance);
        var directory = new RegistrySurfaceDirectory(registry, null!);
        var kafka = Options.Create(new KafkaOptions());
        var checkpoints = new StorageCheckpointStore(store, directory, kafka, NullLogger<StorageCheckpointStore>.Instance);
        var joinState = new BanditServe.Streaming.Join.RewardJoin(directory, kafka.Value.ToJoinOptions()).ToBytes();

        var good = new StreamCheckpoint(sink.CaptureState(), joinState, [new StreamOffset("banditserve.rewards", 0, 11)], DateTimeOffset.UtcNow);
        await checkpoints.SaveAsync(good, ct);
        var truncated = good.ModelState[..^3];
        await checkpoints.SaveAsync(good with { ModelState = truncated, Offsets = [new StreamOffset("banditserve.rewards", 0, 99)] }, ct);

        var loaded = await checkpoints.LoadLatestAsync(ct);

        Assert.NotNull(loaded);
        Assert.Equal(good.ModelState, loaded.ModelState);
        Assert.Equal(11, Assert.Single(loaded.Offsets).NextOffset);

        // An unknown format version is refused as well; with nothing older left, there is no checkpoint.
        var otherVersion = (byte[])good.ModelState.Clone();
        otherVersion[0] = 99;
        var onlyStore = new SqliteBanditStore(Options.Create(new StorageOptions { Provider = "sqlite", SqlitePath = Path.Combine(_directory, "cp2.db") }));
        await onlyStore.MigrateAsync(ct);
        var only = new StorageCheckpointStore(onlyStore, directory, kafka, NullLogger<StorageCheckpointStore>.Instance);
        await only.SaveAsync(good with { ModelState = otherVersion }, ct);
        Assert.Null(await only.LoadLatestAsync(ct));
    }

    [Fact]
    public async Task A_newest_checkpoint_whose_join_file_is_missing_is_skipped_for_the_one_before_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new SqliteBanditStore(Options.Create(new StorageOptions { Provider = "sqlite", SqlitePath = Path.Combine(_directory, "files.db") }));
        var registry = new SurfaceRegistry();
        var directory = new RegistrySurfaceDirectory(registry, null!);
        var kafka = Options.Create(new KafkaOptions());
        var log = new MessageLog();
        var checkpoints = new StorageCheckpointStore(store, directory, kafka, log);
        var modelState = new SurfaceLearningSink(registry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).CaptureState();
        var joinState = new BanditServe.Streaming.Join.RewardJoin(directory, kafka.Value.ToJoinOptions()).ToBytes();
        await checkpoints.SaveAsync(new StreamCheckpoint(modelState, joinState, [new StreamOffset("banditserve.rewards", 0, 11)], DateTimeOffset.UtcNow), ct);
        var first = Assert.Single(Directory.GetFiles(store.CheckpointDirectory));
        await checkpoints.SaveAsync(new StreamCheckpoint(modelState, joinState, [new StreamOffset("banditserve.rewards", 0, 99)], DateTimeOffset.UtcNow), ct);
        var second = Assert.Single(Directory.GetFiles(store.CheckpointDirectory), file => file != first);
        File.Delete(second);

        var loaded = await checkpoints.LoadLatestAsync(ct);

        Assert.NotNull(loaded);
        Assert.Equal(joinState, loaded.JoinState);
        Assert.Equal(11, Assert.Single(loaded.Offsets).NextOffset);
        // The refusal names the file, not a parse error of the empty state put in its place.
        Assert.Contains(log.Messages, message => message.Contains($"its join-state file {second} is missing", StringComparison.Ordinal));
    }

    private sealed class MessageLog : ILogger<StorageCheckpointStore>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }

    [Fact]
    public void Restoring_a_checkpoint_brings_back_statistics_and_keeps_newer_catalog_items()
    {
        var registry = new SurfaceRegistry();
        var settings = new SurfaceSettings(2, SurfacePolicies.DiagLinUcb, 1, 0.1, 1, 1, 600, 0, null);
        var original = new SurfaceRuntime("home", settings, 1);
        SurfaceAdministration.ApplyItem(original, "a", true);
        original.Linear!.Apply("a", BanditServe.Bandits.FeatureVector.Dense([1f, 0f], 2), 1.0);
        registry.Set(original);
        var state = new SurfaceLearningSink(registry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).CaptureState();

        // A restarted server: the catalog (from storage) has an item added after the checkpoint.
        var restartedRegistry = new SurfaceRegistry();
        var restarted = new SurfaceRuntime("home", settings, 1);
        restarted.ExpectCheckpointRestore();
        SurfaceAdministration.ApplyItem(restarted, "a", true);
        SurfaceAdministration.ApplyItem(restarted, "b", true);
        restartedRegistry.Set(restarted);
        new SurfaceLearningSink(restartedRegistry, null!, null!, NullLogger<SurfaceLearningSink>.Instance).RestoreState(state);

        Assert.Equal(2.0, restarted.Linear!.GetItem("a")!.Precision![0]);
        Assert.True(restarted.Linear.IsActive("b"));
        Assert.Null(SurfaceLearningSink.ValidateState(state));
        Assert.NotNull(SurfaceLearningSink.ValidateState(state[..^1]));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
