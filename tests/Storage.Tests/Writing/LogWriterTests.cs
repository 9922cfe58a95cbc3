using System.Diagnostics;
using BanditServe.Testing;
using Npgsql;

namespace BanditServe.Storage.Tests;

public sealed class LogWriterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_database_down_enqueue_returns_at_once_drops_are_counted_and_buffered_records_are_written_when_it_returns()
    {
        // Arrange: a real PostgreSQL reached through a relay that the test cuts and restores.
        var connectionString = await PostgresServer.CreateDatabaseAsync(Token);
        try
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString);
            await using var relay = new TcpRelay(server.Host!, server.Port);
            relay.Start();
            var throughRelay = new NpgsqlConnectionStringBuilder(connectionString) { Port = relay.Port, Timeout = 2 }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(throughRelay);
            var options = new StorageOptions
            {
                WriteBufferCapacity = 50,
                BatchSize = 10,
                RetryInitialDelay = TimeSpan.FromMilliseconds(20),
                RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            };
            using var store = new PostgresBanditStore(dataSource, Microsoft.Extensions.Options.Options.Create(options));
            await store.MigrateAsync(Token);
            var harness = new LogWriterHarness(store, options);
            await harness.Service.StartAsync(Token);
            var droppedBefore = StorageMetrics.Dropped.WithLabels("decisions").Value;
            await relay.CutAsync();

            // Act: enqueue more than the buffer holds while the database is unreachable.
            var surface = TestRecords.UniqueSurface();
            var slowest = TimeSpan.Zero;
            var accepted = 0;
            for (var i = 0; i < 80; i++)
            {
                var started = Stopwatch.GetTimestamp();
                accepted += harness.Decisions.TryEnqueue(TestRecords.Decision(surface, TestRecords.Epoch.AddMilliseconds(i))) ? 1 : 0;
                var elapsed = Stopwatch.GetElapsedTime(started);
                slowest = elapsed > slowest ? elapsed : slowest;
            }

            var degraded = await LogWriterHarness.EventuallyAsync(() => Task.FromResult(harness.Health.IsDegraded), TimeSpan.FromSeconds(10));
            var writtenWhileDown = await CountDecisionsAsync(connectionString, surface);

            // Assert while down: nothing blocked, the overflow was dropped and counted, readiness sees it.
            // Blocking would take the 2 s connect timeout; the margin absorbs a loaded CI machine.
            Assert.True(slowest < TimeSpan.FromMilliseconds(250), $"The slowest enqueue took {slowest.TotalMilliseconds} ms.");
            Assert.InRange(accepted, 50, 60);
            Assert.Equal(80 - accepted, harness.Decisions.DroppedCount);
            Assert.True(StorageMetrics.Dropped.WithLabels("decisions").Value - droppedBefore >= 80 - accepted);
            Assert.True(degraded);
            Assert.Contains("decisions", harness.Health.Reason, StringComparison.Ordinal);
            Assert.Equal(0, writtenWhileDown);

            // Act: the database comes back.
            relay.Start();
            var caughtUp = await LogWriterHarness.EventuallyAsync(
                async () => await CountDecisionsAsync(connectionString, surface) == accepted, TimeSpan.FromSeconds(15));

            // Assert: every buffered record is written once and health recovers.
            Assert.True(caughtUp, $"{await CountDecisionsAsync(connectionString, surface)} of {accepted} buffered decisions were written.");
            Assert.True(await LogWriterHarness.EventuallyAsync(() => Task.FromResult(!harness.Health.IsDegraded), TimeSpan.FromSeconds(5)));
            await harness.Service.StopAsync(Token);
            Assert.Equal(accepted, await CountDecisionsAsync(connectionString, surface));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Shutdown_with_the_database_down_gives_up_after_the_flush_timeout_and_counts_the_rest_as_dropped()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(Token);
        try
        {
            var server = new NpgsqlConnectionStringBuilder(connectionString);
            await using var relay = new TcpRelay(server.Host!, server.Port);
            relay.Start();
            var throughRelay = new NpgsqlConnectionStringBuilder(connectionString) { Port = relay.Port, Timeout = 2 }.ConnectionString;
            await using var dataSource = NpgsqlDataSource.Create(throughRelay);
            var options = new StorageOptions
            {
                RetryInitialDelay = TimeSpan.FromMilliseconds(20),
                RetryMaxDelay = TimeSpan.FromMilliseconds(50),
                ShutdownFlushTimeout = TimeSpan.FromMilliseconds(300),
            };
            using var store = new PostgresBanditStore(dataSource, Microsoft.Extensions.Options.Options.Create(options));
            await store.MigrateAsync(Token);
            var harness = new LogWriterHarness(store, options);
            await harness.Service.StartAsync(Token);
            await relay.CutAsync();
            for (var i = 0; i < 25; i++)
            {
                Assert.True(harness.Rewards.TryEnqueue(TestRecords.Reward("s", TestRecords.Epoch)));
            }

            var started = Stopwatch.GetTimestamp();
            await harness.Service.StopAsync(Token);
            var stopping = Stopwatch.GetElapsedTime(started);

            Assert.InRange(stopping, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.Equal(25, harness.Rewards.DroppedCount);
            Assert.Equal(0, harness.Rewards.Pending);
            Assert.False(harness.Rewards.TryEnqueue(TestRecords.Reward("s", TestRecords.Epoch)));
            Assert.Equal(26, harness.Rewards.DroppedCount);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task While_another_process_locks_the_sqlite_file_enqueue_returns_at_once_and_records_are_written_after_the_lock_ends()
    {
        var directory = Directory.CreateTempSubdirectory("banditserve-writer-");
        try
        {
            var options = new StorageOptions
            {
                SqlitePath = Path.Combine(directory.FullName, "locked.db"),
                SqliteBusyTimeout = TimeSpan.FromSeconds(1),
                RetryInitialDelay = TimeSpan.FromMilliseconds(20),
                RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            };
            using var store = new SqliteBanditStore(Microsoft.Extensions.Options.Options.Create(options));
            await store.MigrateAsync(Token);
            var harness = new LogWriterHarness(store, options);
            await harness.Service.StartAsync(Token);
            var surface = TestRecords.UniqueSurface();
            await using var locker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath};Pooling=False");
            await locker.OpenAsync(Token);
            await using var command = locker.CreateCommand();
            command.CommandText = "BEGIN EXCLUSIVE";
            await command.ExecuteNonQueryAsync(Token);

            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < 100; i++)
            {
                Assert.True(harness.Rewards.TryEnqueue(TestRecords.Reward(surface, TestRecords.Epoch.AddTicks(i * 10))));
            }

            var enqueueing = Stopwatch.GetElapsedTime(started);
            var degraded = await LogWriterHarness.EventuallyAsync(() => Task.FromResult(harness.Health.IsDegraded), TimeSpan.FromSeconds(10));
            command.CommandText = "ROLLBACK";
            await command.ExecuteNonQueryAsync(Token);
            var caughtUp = await LogWriterHarness.EventuallyAsync(
                async () => (await TestRecords.ToListAsync(store.ReadRewardsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token))).Count == 100,
                TimeSpan.FromSeconds(15));
            await harness.Service.StopAsync(Token);

            // Blocking would take the 1 s busy timeout per record; the margin absorbs a loaded CI machine.
            Assert.True(enqueueing < TimeSpan.FromMilliseconds(500), $"Enqueueing 100 rewards took {enqueueing.TotalMilliseconds} ms.");
            Assert.True(degraded);
            Assert.True(caughtUp);
            Assert.Equal(0, harness.Rewards.DroppedCount);
            Assert.False(harness.Health.IsDegraded);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Shutdown_flushes_every_buffered_record()
    {
        var directory = Directory.CreateTempSubdirectory("banditserve-writer-");
        try
        {
            var options = new StorageOptions { SqlitePath = Path.Combine(directory.FullName, "flush.db"), BatchSize = 1000 };
            using var store = new SqliteBanditStore(Microsoft.Extensions.Options.Options.Create(options));
            var harness = new LogWriterHarness(store, options);
            var surface = TestRecords.UniqueSurface();
            for (var i = 0; i < 2500; i++)
            {
                Assert.True(harness.Decisions.TryEnqueue(TestRecords.Decision(surface, TestRecords.Epoch.AddTicks(i * 10))));
                Assert.True(harness.Rewards.TryEnqueue(TestRecords.Reward(surface, TestRecords.Epoch.AddTicks(i * 10))));
            }

            await harness.Service.StartAsync(Token);
            await harness.Service.StopAsync(Token);

            var decisions = await TestRecords.ToListAsync(store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
            var rewards = await TestRecords.ToListAsync(store.ReadRewardsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
            Assert.Equal(2500, decisions.Count);
            Assert.Equal(2500, rewards.Count);
            Assert.Equal(0, harness.Decisions.DroppedCount);
            Assert.Equal(0, harness.Decisions.Pending);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_record_the_database_refuses_is_dropped_and_counted_while_the_rest_of_its_batch_is_written()
    {
        var directory = Directory.CreateTempSubdirectory("banditserve-writer-");
        try
        {
            var options = new StorageOptions { SqlitePath = Path.Combine(directory.FullName, "poison.db"), BatchSize = 100 };
            using var store = new SqliteBanditStore(Microsoft.Extensions.Options.Options.Create(options));
            var harness = new LogWriterHarness(store, options);
            var surface = TestRecords.UniqueSurface();
            var poisoned = TestRecords.Decision(surface, TestRecords.Epoch) with { SparseFeatures = new SparseFeatures([1], [1f]) };
            for (var i = 0; i < 10; i++)
            {
                Assert.True(harness.Decisions.TryEnqueue(i == 4 ? poisoned : TestRecords.Decision(surface, TestRecords.Epoch.AddTicks(i * 10), $"e{i}")));
            }

            await harness.Service.StartAsync(Token);
            await harness.Service.StopAsync(Token);

            var written = await TestRecords.ToListAsync(store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token));
            Assert.Equal(["e0", "e1", "e2", "e3", "e5", "e6", "e7", "e8", "e9"], written.Select(d => d.EventId));
            Assert.Equal(1, harness.Decisions.DroppedCount);
            Assert.False(harness.Health.IsDegraded);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static async Task<long> CountDecisionsAsync(string connectionString, string surface)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM decisions WHERE surface = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = surface });
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }
}
