using BanditServe.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BanditServe.Storage.Tests;

/// <summary>
/// A connection that breaks while COMMIT is in flight leaves the writer not knowing whether its batch went through.
/// Writing it again would duplicate log rows (seen in the PostgreSQL outage test: rows + dropped exceeded ranks);
/// the writer asks the store for the batch's marker instead. Real databases; only the lost acknowledgement is injected.
/// </summary>
public sealed class UnacknowledgedCommitTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postgres_batch_whose_commit_was_not_acknowledged_is_written_exactly_once()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(Token);
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var options = WriterOptions(sqlitePath: null);
            using var store = new PostgresBanditStore(dataSource, Microsoft.Extensions.Options.Options.Create(options));
            await store.MigrateAsync(Token);
            await AssertWrittenExactlyOnceAsync(store, options);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public Task Sqlite_batch_whose_commit_was_not_acknowledged_is_written_exactly_once() =>
        WithSqliteStoreAsync(AssertWrittenExactlyOnceAsync);

    [Fact]
    public Task A_batch_committed_while_shutdown_cancelled_its_write_is_not_written_again_by_the_flush() =>
        WithSqliteStoreAsync(async (store, options) =>
        {
            var surface = TestRecords.UniqueSurface();
            using var stopping = new CancellationTokenSource();
            var writer = new ScriptedWriter(store, options, afterAppend: async attempt =>
            {
                if (attempt == 1)
                {
                    await stopping.CancelAsync();
                    throw new OperationCanceledException(stopping.Token);
                }
            });
            for (var i = 0; i < 5; i++)
            {
                Assert.True(writer.TryEnqueue(TestRecords.Decision(surface, TestRecords.Epoch.AddTicks(i * 10), $"s{i}")));
            }

            // The loop's write commits, then the host's stop cancels it before the acknowledgement is seen.
            await writer.RunAsync(stopping.Token);
            await writer.FlushAsync();

            var written = await TestRecords.ToListAsync(store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
            Assert.Equal(["s0", "s1", "s2", "s3", "s4"], written.Select(d => d.EventId));
            Assert.Equal(1, writer.Attempts);
            Assert.Equal(0, writer.Pending);
        });

    private static StorageOptions WriterOptions(string? sqlitePath) => new()
    {
        SqlitePath = sqlitePath ?? new StorageOptions().SqlitePath,
        BatchSize = 10,
        RetryInitialDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    private static async Task WithSqliteStoreAsync(Func<IBanditStore, StorageOptions, Task> test)
    {
        var directory = Directory.CreateTempSubdirectory("banditserve-writer-");
        try
        {
            var options = WriterOptions(Path.Combine(directory.FullName, "log.db"));
            using var store = new SqliteBanditStore(Microsoft.Extensions.Options.Options.Create(options));
            await store.MigrateAsync(Token);
            await test(store, options);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task AssertWrittenExactlyOnceAsync(IBanditStore store, StorageOptions options)
    {
        var surface = TestRecords.UniqueSurface();

        // Batch one: refused before anything reaches the database, then committed with its acknowledgement lost,
        // then (correctly) found in the database. Batches two and three are written normally.
        var writer = new ScriptedWriter(
            store,
            options,
            beforeAppend: attempt => attempt == 1 ? throw new NpgsqlException("Failed to connect", new IOException("Connection refused")) : Task.CompletedTask,
            afterAppend: attempt => attempt == 2
                ? throw new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer"))
                : Task.CompletedTask);
        for (var i = 0; i < 25; i++)
        {
            Assert.True(writer.TryEnqueue(TestRecords.Decision(surface, TestRecords.Epoch.AddTicks(i * 10), $"e{i:D2}")));
        }

        await writer.FlushAsync();

        var written = await TestRecords.ToListAsync(store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"e{i:D2}"), written.Select(d => d.EventId));
        Assert.Equal(4, writer.Attempts);
        Assert.Equal(0, writer.DroppedCount);
        Assert.Equal(0, writer.Pending);
    }

    /// <summary>The decision writer over a real store, with failures injected before or after an attempt's append.</summary>
    private sealed class ScriptedWriter(
        IBanditStore store, StorageOptions options, Func<int, Task>? beforeAppend = null, Func<int, Task>? afterAppend = null)
        : LogWriter<DecisionRecord>(
            "decisions", Microsoft.Extensions.Options.Options.Create(options), new StorageHealth(TimeProvider.System), TimeProvider.System, NullLogger.Instance)
    {
        public int Attempts { get; private set; }

        protected override async Task WriteBatchAsync(IReadOnlyList<DecisionRecord> batch, Guid batchId, CancellationToken cancellationToken)
        {
            Attempts++;
            await (beforeAppend?.Invoke(Attempts) ?? Task.CompletedTask);
            await store.AppendDecisionsAsync(batch, batchId, CancellationToken.None);
            await (afterAppend?.Invoke(Attempts) ?? Task.CompletedTask);
        }

        protected override Task<bool> WasWrittenAsync(Guid batchId, CancellationToken cancellationToken) =>
            store.LogBatchExistsAsync(batchId, cancellationToken);

        protected override string Describe(DecisionRecord record) => record.EventId;
    }
}
