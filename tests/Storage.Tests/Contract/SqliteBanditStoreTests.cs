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
    public async Task A_new_database_has_32_KiB_pages_and_an_older_one_keeps_its_own()
    {
        var fresh = (SqliteBanditStore)await Fixture.CreateFreshStoreAsync();
        await fresh.SaveCheckpointAsync(new Checkpoint(TestRecords.Epoch, new Dictionary<string, byte[]>(), [], [1]), Token);
        Assert.Equal(32 * 1024, await PageSizeAsync(fresh.DatabasePath));

        // A database created with SQLite's default 4 KiB pages (before this setting) is opened and migrated as it is.
        var path = Path.Combine(Path.GetTempPath(), "banditserve-pages-" + Guid.NewGuid().ToString("N") + ".db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; CREATE TABLE earlier (id INTEGER PRIMARY KEY)";
            await command.ExecuteNonQueryAsync(Token);
        }

        using var older = new SqliteBanditStore(Microsoft.Extensions.Options.Options.Create(new StorageOptions { SqlitePath = path }));
        var checkpointed = await older.SaveCheckpointAsync(new Checkpoint(TestRecords.Epoch, new Dictionary<string, byte[]> { ["*"] = [5, 6] }, [], [1, 2, 3]), Token);
        Assert.Equal(4096, await PageSizeAsync(path));
        Assert.Equal([1, 2, 3], (await older.LoadLatestCheckpointAsync(Token))!.JoinState);
        Assert.Equal(checkpointed, (await older.LoadLatestCheckpointAsync(Token))!.Id);
    }

    private async Task<long> PageSizeAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size";
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
