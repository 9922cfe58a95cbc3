using BanditServe.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage.Tests;

public sealed class AddBanditStorageTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("banditserve-host-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Default_host_uses_sqlite_migrates_at_start_and_writes_logged_decisions_by_shutdown()
    {
        var path = Path.Combine(directory.FullName, "nested", "banditserve.db");
        using var host = BuildHost(new() { ["Storage:SqlitePath"] = path });
        var surface = TestRecords.UniqueSurface();

        await host.StartAsync(Token);
        var health = host.Services.GetRequiredService<IStorageHealth>();
        var migrated = await LogWriterHarness.EventuallyAsync(() => Task.FromResult(!health.IsDegraded), TimeSpan.FromSeconds(10));
        Assert.True(host.Services.GetRequiredService<DecisionLogWriter>().TryEnqueue(TestRecords.Decision(surface, TestRecords.Epoch)));
        await host.StopAsync(Token);

        Assert.True(migrated, health.Reason);
        var store = Assert.IsType<SqliteBanditStore>(host.Services.GetRequiredService<IBanditStore>());
        Assert.Equal(path, store.DatabasePath);
        Assert.True(File.Exists(path));
        Assert.Single(await TestRecords.ToListAsync(store.ReadDecisionsAsync(surface, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Token)));
    }

    [Fact]
    public async Task Postgres_provider_takes_its_connection_string_from_ConnectionStrings_Postgres()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(Token);
        try
        {
            using var host = BuildHost(new() { ["Storage:Provider"] = "postgres", ["ConnectionStrings:Postgres"] = connectionString });

            await host.StartAsync(Token);
            var store = host.Services.GetRequiredService<IBanditStore>();
            var surface = await store.UpsertSurfaceAsync(TestRecords.Surface(), Token);
            await host.StopAsync(Token);

            Assert.IsType<PostgresBanditStore>(store);
            Assert.Equal(surface, await store.GetSurfaceAsync(surface.Surface, Token));
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public void Settings_are_bound_from_the_Storage_section()
    {
        using var host = BuildHost(new()
        {
            ["Storage:RetentionDays"] = "7",
            ["Storage:WriteBufferCapacity"] = "500",
            ["Storage:BatchSize"] = "50",
            ["Storage:RetryMaxDelay"] = "00:00:05",
            ["Storage:SqlitePath"] = Path.Combine(directory.FullName, "bound.db"),
        });

        var options = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Equal((7, 500, 50, TimeSpan.FromSeconds(5)), (options.RetentionDays, options.WriteBufferCapacity, options.BatchSize, options.RetryMaxDelay));
        Assert.Equal("sqlite", options.Provider);
    }

    [Theory]
    [InlineData("Storage:Provider", "mysql", "Storage:Provider")]
    [InlineData("Storage:Provider", "postgres", "ConnectionStrings:Postgres")]
    [InlineData("Storage:BatchSize", "0", "Storage:BatchSize")]
    [InlineData("Storage:BatchLinger", "00:00:02", "Storage:BatchLinger")]
    [InlineData("Storage:BatchLinger", "-00:00:01", "Storage:BatchLinger")]
    [InlineData("Storage:RetentionDays", "-1", "Storage:RetentionDays")]
    public async Task Host_with_an_invalid_setting_fails_at_start_naming_it(string key, string value, string named)
    {
        using var host = BuildHost(new() { [key] = value, ["Storage:SqlitePath"] = Path.Combine(directory.FullName, "invalid.db") });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Delete(recursive: true);
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddBanditStorage(builder.Configuration);
        return builder.Build();
    }
}
