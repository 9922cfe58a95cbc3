using System.Diagnostics;
using BanditServe.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BanditServe.LoadTests.StorageBench;

/// <summary>
/// Measures the decision log's write rate to PostgreSQL through the production path: <see cref="DecisionLogWriter"/>
/// run by <see cref="LogWriterService"/> over <see cref="PostgresBanditStore"/> (binary COPY), in a throw-away database.
/// </summary>
public static class DecisionLogBenchmark
{
    /// <summary>Creates a fresh database on the server, writes <paramref name="decisionCount"/> decisions, drops the database.</summary>
    /// <param name="serverConnectionString">An Npgsql connection string to a role that may create databases.</param>
    /// <param name="decisionCount">Decisions enqueued (all before the clock starts being the bottleneck: enqueue never blocks).</param>
    /// <param name="dimension">Dense context length of each decision.</param>
    /// <param name="itemsPerDecision">Items placed by each decision.</param>
    /// <param name="batchSize">The writer's batch size (<see cref="StorageOptions.BatchSize"/>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<DecisionLogBenchmarkResult> RunAsync(
        string serverConnectionString, int decisionCount, int dimension, int itemsPerDecision, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverConnectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(decisionCount, 1);
        var database = "storage_bench_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(serverConnectionString, $"CREATE DATABASE {database}", cancellationToken);
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
            return await RunInDatabaseAsync(connectionString, decisionCount, dimension, itemsPerDecision, batchSize, cancellationToken);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(serverConnectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task<DecisionLogBenchmarkResult> RunInDatabaseAsync(
        string connectionString, int decisionCount, int dimension, int itemsPerDecision, int batchSize, CancellationToken cancellationToken)
    {
        // The buffer holds every decision so none is dropped: the bench measures the writer, not the overflow policy.
        var options = new StorageOptions { WriteBufferCapacity = decisionCount, BatchSize = batchSize };
        var wrapped = Options.Create(options);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var store = new PostgresBanditStore(dataSource, wrapped);
        await store.MigrateAsync(cancellationToken);
        var health = new StorageHealth(TimeProvider.System);
        var decisions = new DecisionLogWriter(store, wrapped, health, TimeProvider.System, NullLogger<DecisionLogWriter>.Instance);
        var rewards = new RewardLogWriter(store, wrapped, health, TimeProvider.System, NullLogger<RewardLogWriter>.Instance);
        using var service = new LogWriterService(decisions, rewards);

        // Records are built before the clock starts: the bench measures writing, not test-data generation.
        var records = BuildDecisions(decisionCount, dimension, itemsPerDecision);
        await service.StartAsync(cancellationToken);

        var started = Stopwatch.GetTimestamp();
        var accepted = 0;
        foreach (var record in records)
        {
            accepted += decisions.TryEnqueue(record) ? 1 : 0;
        }

        var enqueued = Stopwatch.GetElapsedTime(started);
        while (decisions.Pending > 0)
        {
            await Task.Delay(1, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await service.StopAsync(cancellationToken);
        var rows = await CountRowsAsync(dataSource, cancellationToken);
        return new DecisionLogBenchmarkResult(decisionCount, accepted, rows, decisions.DroppedCount, enqueued, elapsed);
    }

    private static DecisionRecord[] BuildDecisions(int count, int dimension, int itemsPerDecision)
    {
        var random = new Random(34);
        var at = DateTimeOffset.UtcNow;
        var records = new DecisionRecord[count];
        for (var i = 0; i < count; i++)
        {
            var features = new float[dimension];
            for (var k = 0; k < dimension; k++)
            {
                features[k] = (float)random.NextDouble();
            }

            var items = new DecisionItem[itemsPerDecision];
            for (var slot = 0; slot < itemsPerDecision; slot++)
            {
                items[slot] = new DecisionItem($"item-{random.Next(10_000)}", slot, random.NextDouble(), 0.2);
            }

            records[i] = new DecisionRecord
            {
                EventId = $"bench-{i:D9}",
                Surface = "bench",
                At = at.AddTicks(i * 10),
                Policy = "diag-linucb",
                ModelVersion = i,
                Features = features,
                UserId = $"user-{i % 5000}",
                Items = items,
            };
        }

        return records;
    }

    private static async Task<long> CountRowsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM decisions");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        // Pooling off: the admin connection must not hold the server database open for the DROP.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
