namespace BanditServe.Storage.Tests;

public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Checkpoint_is_loaded_back_with_models_offsets_and_join_state()
    {
        var store = await Fixture.CreateFreshStoreAsync();
        var large = new byte[3_000_000];
        new Random(674386).NextBytes(large);
        var checkpoint = new Checkpoint(
            TestRecords.Epoch,
            new Dictionary<string, byte[]> { ["home"] = large, ["empty"] = [], ["search"] = [1, 2, 3] },
            [new KafkaOffset("banditserve.rewards", 1, 42), new KafkaOffset("banditserve.decisions", 0, 7), new KafkaOffset("banditserve.rewards", 0, 0)],
            // A join state of megabytes, as a loaded server's is.
            JoinState(2_500_001));

        var id = await store.SaveCheckpointAsync(checkpoint, Token);
        var loaded = await store.LoadLatestCheckpointAsync(Token);

        Assert.NotNull(loaded);
        Assert.Equal(id, loaded.Id);
        Assert.Equal(checkpoint.At, loaded.At);
        Assert.Equal(checkpoint.SurfaceModels.OrderBy(p => p.Key), loaded.SurfaceModels.OrderBy(p => p.Key));
        Assert.Equal(checkpoint.Offsets.OrderBy(o => o.Topic, StringComparer.Ordinal).ThenBy(o => o.Partition), loaded.Offsets);
        Assert.Equal(checkpoint.JoinState, loaded.JoinState);
    }

    [Fact]
    public async Task A_join_state_given_as_a_writer_is_written_once_and_loaded_back_as_bytes()
    {
        var store = await Fixture.CreateFreshStoreAsync();
        var state = JoinState(3_000_017);
        int calls = 0;
        var checkpoint = new Checkpoint(TestRecords.Epoch, new Dictionary<string, byte[]> { ["home"] = [1] }, [new KafkaOffset("banditserve.rewards", 0, 5)], [])
        {
            // In pieces, as the reward join writes through its 1 MB buffer.
            WriteJoinState = destination =>
            {
                calls++;
                for (int at = 0; at < state.Length; at += 1 << 20)
                {
                    destination.Write(state.AsSpan(at, Math.Min(1 << 20, state.Length - at)));
                }
            },
        };

        await store.SaveCheckpointAsync(checkpoint, Token);
        var loaded = await store.LoadLatestCheckpointAsync(Token);

        Assert.Equal(1, calls);
        Assert.NotNull(loaded);
        Assert.Null(loaded.Damage);
        Assert.Equal(state, loaded.JoinState);
    }

    private static byte[] JoinState(int length)
    {
        var state = new byte[length];
        new Random(length).NextBytes(state);
        return state;
    }

    [Fact]
    public async Task Without_checkpoints_the_latest_is_null()
    {
        var store = await Fixture.CreateFreshStoreAsync();

        Assert.Null(await store.LoadLatestCheckpointAsync(Token));
    }

    [Fact]
    public async Task Latest_checkpoint_wins_and_only_the_configured_number_is_kept()
    {
        var store = await Fixture.CreateFreshStoreAsync();
        var ids = new List<long>();
        for (var i = 1; i <= 4; i++)
        {
            var checkpoint = new Checkpoint(
                TestRecords.Epoch.AddMinutes(i),
                new Dictionary<string, byte[]> { ["home"] = [(byte)i] },
                [new KafkaOffset("banditserve.rewards", 0, i * 100)],
                [(byte)i]);
            ids.Add(await store.SaveCheckpointAsync(checkpoint, Token));
        }

        var latest = await store.LoadLatestCheckpointAsync(Token);

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct(), ids);
        Assert.NotNull(latest);
        Assert.Equal(ids[^1], latest.Id);
        Assert.Equal([(byte)4], latest.SurfaceModels["home"]);
        Assert.Equal(new KafkaOffset("banditserve.rewards", 0, 400), Assert.Single(latest.Offsets));
        Assert.Equal(2, await CountRowsAsync(store, "checkpoints"));
        Assert.Equal(2, await CountRowsAsync(store, "checkpoint_models"));
        Assert.Equal(2, await CountRowsAsync(store, "checkpoint_offsets"));

        var previous = await store.LoadCheckpointBeforeAsync(latest.Id, Token);
        Assert.NotNull(previous);
        Assert.Equal(ids[^2], previous.Id);
        Assert.Equal([(byte)3], previous.SurfaceModels["home"]);
        Assert.Equal(new KafkaOffset("banditserve.rewards", 0, 300), Assert.Single(previous.Offsets));
        Assert.Null(await store.LoadCheckpointBeforeAsync(previous.Id, Token));
    }

    [Fact]
    public async Task Latest_snapshot_of_a_surface_is_loaded()
    {
        var surface = TestRecords.UniqueSurface();
        var other = TestRecords.UniqueSurface();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var first = await Store.SaveSnapshotAsync(surface, 1, [1], Token);
        var second = await Store.SaveSnapshotAsync(surface, 2, [2, 2], Token);
        await Store.SaveSnapshotAsync(other, 9, [9], Token);
        var latest = await Store.LoadLatestSnapshotAsync(surface, Token);

        Assert.True(second > first);
        Assert.NotNull(latest);
        Assert.Equal(second, latest.SnapshotId);
        Assert.Equal(surface, latest.Surface);
        Assert.Equal(2, latest.ModelVersion);
        Assert.Equal([2, 2], latest.Model);
        Assert.InRange(latest.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Null(await Store.LoadLatestSnapshotAsync(TestRecords.UniqueSurface(), Token));
    }

    /// <summary>Counts a table's rows through the provider's own connection.</summary>
    protected abstract Task<long> CountRowsAsync(IBanditStore store, string table);
}
