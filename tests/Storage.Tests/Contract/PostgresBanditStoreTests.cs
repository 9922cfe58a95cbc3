using Npgsql;

namespace BanditServe.Storage.Tests;

public sealed class PostgresBanditStoreTests(PostgresStoreFixture fixture) : BanditStoreContract(fixture), IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task A_join_state_past_one_value_is_refused_by_name_and_the_checkpoint_before_stays_the_latest()
    {
        var store = (PostgresBanditStore)await Fixture.CreateFreshStoreAsync();
        var kept = new Checkpoint(TestRecords.Epoch, new Dictionary<string, byte[]> { ["home"] = [1] }, [new KafkaOffset("banditserve.rewards", 0, 5)], [7, 8, 9]);
        await store.SaveCheckpointAsync(kept, Token);
        store.MaxJoinStateBytes = 1 << 20;
        var state = new byte[(1 << 20) + 1];
        var tooLarge = new Checkpoint(TestRecords.Epoch.AddMinutes(1), new Dictionary<string, byte[]> { ["home"] = [2] }, [new KafkaOffset("banditserve.rewards", 0, 9)], [])
        {
            WriteJoinState = destination => destination.Write(state),
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveCheckpointAsync(tooLarge, Token));
        var latest = await store.LoadLatestCheckpointAsync(Token);

        Assert.Contains("1,048,577 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Kafka:ClosedEventCapacity", error.Message, StringComparison.Ordinal);
        Assert.NotNull(latest);
        Assert.Equal([7, 8, 9], latest.JoinState);
        Assert.Equal(5, Assert.Single(latest.Offsets).Offset);
    }

    [Fact]
    public async Task Vectors_are_stored_as_native_float_and_int_arrays_not_text()
    {
        var surface = TestRecords.UniqueSurface();
        // Random values, so PostgreSQL's compression cannot shrink the column below its raw size.
        var random = new Random(674386);
        var features = Enumerable.Range(0, 1000).Select(_ => random.NextSingle()).ToArray();
        await Store.AppendDecisionsAsync(
        [
            TestRecords.Decision(surface, TestRecords.Epoch) with { Features = features },
            TestRecords.Decision(surface, TestRecords.Epoch) with { Features = null, SparseFeatures = new SparseFeatures([1, 2], [1f, 2f]) },
        ], Token);

        await using var connection = new NpgsqlConnection(fixture.ConnectionStringOf(Store));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_typeof(features)::text, pg_column_size(features), pg_typeof(sparse_indices)::text, pg_typeof(sparse_values)::text
            FROM decisions WHERE surface = $1 ORDER BY id
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = surface });
        await using var reader = await command.ExecuteReaderAsync(Token);
        Assert.True(await reader.ReadAsync(Token));

        Assert.Equal("real[]", reader.GetString(0));
        Assert.InRange(reader.GetInt32(1), 4000, 4100);
        Assert.True(await reader.ReadAsync(Token));
        Assert.Equal("integer[]", reader.GetString(2));
        Assert.Equal("real[]", reader.GetString(3));
    }

    [Fact]
    public async Task Logs_have_surface_and_time_indexes()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionStringOf(Store));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('decisions', 'rewards') AND indexdef LIKE '%(surface, at%'", connection);
        var definitions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Token);
        while (await reader.ReadAsync(Token))
        {
            definitions.Add(reader.GetString(0));
        }

        Assert.Equal(2, definitions.Count);
    }

    protected override async Task<long> CountRowsAsync(IBanditStore store, string table)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionStringOf(store));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
