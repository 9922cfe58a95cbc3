using Microsoft.Data.Sqlite;

namespace BanditServe.Storage.Tests;

public sealed class SqliteBanditStoreTests(SqliteStoreFixture fixture) : BanditStoreContract(fixture), IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task Database_file_is_in_wal_mode_and_stores_vectors_as_four_bytes_per_element()
    {
        var store = (SqliteBanditStore)Store;
        var surface = TestRecords.UniqueSurface();
        var features = Enumerable.Range(0, 1000).Select(i => i * 0.5f).ToArray();
        await store.AppendDecisionsAsync([TestRecords.Decision(surface, TestRecords.Epoch) with { Features = features }], Token);

        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        var journalMode = (string?)await command.ExecuteScalarAsync(Token);
        command.CommandText = "SELECT length(features), typeof(features) FROM decisions WHERE surface = $surface";
        command.Parameters.AddWithValue("$surface", surface);
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));

        Assert.Equal("wal", journalMode);
        Assert.Equal(4000, reader.GetInt64(0));
        Assert.Equal("blob", reader.GetString(1));
    }

    [Fact]
    public async Task Join_state_is_kept_in_a_file_beside_the_database_and_deleted_with_its_checkpoint()
    {
        var store = (SqliteBanditStore)await Fixture.CreateFreshStoreAsync();
        var states = new List<byte[]>();
        for (var i = 1; i <= 3; i++)
        {
            states.Add(RandomBytes(1_000_000 + i));
            await store.SaveCheckpointAsync(Checkpoint(i, states[^1]), Token);
        }

        var files = Directory.GetFiles(store.CheckpointDirectory).Order(StringComparer.Ordinal).ToArray();
        var latest = await store.LoadLatestCheckpointAsync(Token);

        // Two kept (the fixture's CheckpointsToKeep): the oldest checkpoint's file went with its row.
        Assert.Equal(2, files.Length);
        Assert.Equal(states[1], await File.ReadAllBytesAsync(files[0], Token));
        Assert.Equal(states[2], await File.ReadAllBytesAsync(files[1], Token));
        Assert.NotNull(latest);
        Assert.Null(latest.Damage);
        Assert.Equal(states[2], latest.JoinState);
        Assert.Equal(0, await ScalarAsync(store, "SELECT sum(length(join_state)) FROM checkpoints"));
        Assert.Equal(states[2].Length, await ScalarAsync(store, $"SELECT join_length FROM checkpoints WHERE id = {latest.Id}"));
    }

    [Theory]
    [InlineData("missing", "is missing")]
    [InlineData("cut short", "holds 399999 bytes, 400000 were saved")]
    [InlineData("altered", "does not match the hash saved with it")]
    public async Task A_checkpoint_whose_join_file_is_gone_or_changed_is_loaded_as_damaged(string change, string damage)
    {
        var store = (SqliteBanditStore)await Fixture.CreateFreshStoreAsync();
        var older = RandomBytes(300_000);
        await store.SaveCheckpointAsync(Checkpoint(1, older), Token);
        await store.SaveCheckpointAsync(Checkpoint(2, RandomBytes(400_000)), Token);
        var newest = Directory.GetFiles(store.CheckpointDirectory).Order(StringComparer.Ordinal).Last();
        switch (change)
        {
            case "missing":
                File.Delete(newest);
                break;
            case "cut short":
                await using (var file = new FileStream(newest, FileMode.Open))
                {
                    file.SetLength(399_999);
                }

                break;
            default:
                var bytes = await File.ReadAllBytesAsync(newest, Token);
                bytes[123_456] ^= 0x10;
                await File.WriteAllBytesAsync(newest, bytes, Token);
                break;
        }

        var latest = await store.LoadLatestCheckpointAsync(Token);
        Assert.NotNull(latest);
        var previous = await store.LoadCheckpointBeforeAsync(latest.Id, Token);

        Assert.NotNull(latest.Damage);
        Assert.Contains(newest, latest.Damage, StringComparison.Ordinal);
        Assert.EndsWith(damage, latest.Damage, StringComparison.Ordinal);
        Assert.Empty(latest.JoinState);
        Assert.NotNull(previous);
        Assert.Null(previous.Damage);
        Assert.Equal(older, previous.JoinState);
    }

    [Fact]
    public async Task A_save_that_fails_leaves_no_file_and_old_files_that_no_checkpoint_names_are_deleted()
    {
        var store = (SqliteBanditStore)await Fixture.CreateFreshStoreAsync();
        await store.SaveCheckpointAsync(Checkpoint(1, RandomBytes(1000)), Token);
        var kept = Directory.GetFiles(store.CheckpointDirectory).Single();

        // The same partition twice breaks checkpoint_offsets' primary key: the transaction fails after the file was written.
        var offset = new KafkaOffset("banditserve.rewards", 0, 1);
        var failing = Checkpoint(2, RandomBytes(2000)) with { Offsets = [offset, offset] };
        await Assert.ThrowsAsync<SqliteException>(() => store.SaveCheckpointAsync(failing, Token));
        Assert.Equal([kept], Directory.GetFiles(store.CheckpointDirectory));

        // Files of a process that stopped between writing and committing: deleted once old enough to belong to no save in progress.
        var old = Path.Combine(store.CheckpointDirectory, "1-old.join");
        var recent = Path.Combine(store.CheckpointDirectory, "2-recent.join");
        await File.WriteAllBytesAsync(old, [1], Token);
        await File.WriteAllBytesAsync(recent, [2], Token);
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow - SqliteBanditStore.UnnamedJoinFileAge - TimeSpan.FromMinutes(1));
        await store.SaveCheckpointAsync(Checkpoint(3, RandomBytes(3000)), Token);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(kept));
        Assert.Equal(3, Directory.GetFiles(store.CheckpointDirectory).Length);
    }

    [Fact]
    public async Task A_checkpoint_saved_before_join_files_existed_still_loads_its_inline_join_state()
    {
        var store = (SqliteBanditStore)await Fixture.CreateFreshStoreAsync();
        await store.MigrateAsync(Token);
        var inline = RandomBytes(5000);
        await using (var connection = new SqliteConnection($"Data Source={store.DatabasePath}"))
        {
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO checkpoints (at, join_state) VALUES (0, $state)";
            command.Parameters.AddWithValue("$state", inline);
            await command.ExecuteNonQueryAsync(Token);
        }

        var loaded = await store.LoadLatestCheckpointAsync(Token);

        Assert.NotNull(loaded);
        Assert.Null(loaded.Damage);
        Assert.Equal(inline, loaded.JoinState);
    }

    private static Checkpoint Checkpoint(int minute, byte[] joinState) => new(
        TestRecords.Epoch.AddMinutes(minute),
        new Dictionary<string, byte[]> { ["home"] = [(byte)minute] },
        [new KafkaOffset("banditserve.rewards", 0, minute)],
        joinState);

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<long> ScalarAsync(SqliteBanditStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }

    protected override async Task<long> CountRowsAsync(IBanditStore store, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={((SqliteBanditStore)store).DatabasePath}");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
