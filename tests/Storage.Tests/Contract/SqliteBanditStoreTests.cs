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

    protected override async Task<long> CountRowsAsync(IBanditStore store, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={((SqliteBanditStore)store).DatabasePath}");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
