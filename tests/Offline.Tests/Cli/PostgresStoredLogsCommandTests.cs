using System.Text.Json;
using BanditServe.Storage;
using BanditServe.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Offline.Tests.Cli;

/// <summary><c>evaluate --surface</c> and <c>warmstart --publish-store</c> on a fresh PostgreSQL database written through Storage.</summary>
public sealed class PostgresStoredLogsCommandTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-stored-pg-").FullName;
    private string connectionString = string.Empty;
    private string configFile = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        connectionString = await PostgresServer.CreateDatabaseAsync(cancellationToken);
        configFile = Path.Combine(directory, "offline.json");
        await File.WriteAllTextAsync(
            configFile,
            JsonSerializer.Serialize(new { Storage = new { Provider = "postgres" }, ConnectionStrings = new { Postgres = connectionString } }),
            cancellationToken);
        await using var services = StoredLogsWorld.OpenStore(configFile);
        await StoredLogsWorld.SeedAsync(services.GetRequiredService<IBanditStore>(), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (connectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Evaluate_on_a_postgres_surface_reads_the_stored_logs_in_both_candidate_modes()
    {
        foreach (var mode in new[] { "crossfit", "replay" })
        {
            var output = new StringWriter();
            var error = new StringWriter();

            var exitCode = OfflineProgram.Run(
                ["evaluate", "--surface", "home", "--from", StoredLogsWorld.From, "--to", StoredLogsWorld.To,
                 "--candidate", $"diag-linucb:alpha=0,epsilon=0.1,mode={mode}", "--estimators", "ips,snips,dr", "--bootstrap", "0", "--config", configFile],
                output,
                error);

            Assert.True(exitCode == 0, error.ToString());
            Assert.Contains($"read {StoredLogsWorld.Decisions} decisions of surface 'home': {StoredLogsWorld.Decisions} shown items with a learned reward, 0 without", error.ToString(), StringComparison.Ordinal);
            using var json = JsonDocument.Parse(output.ToString());
            Assert.Equal(StoredLogsWorld.Decisions, json.RootElement.GetProperty("rounds").GetInt32());
            var dr = json.RootElement.GetProperty("estimates")[2];
            Assert.Equal("dr", dr.GetProperty("estimator").GetString());
            Assert.True(dr.GetProperty("ciLow").GetDouble() > json.RootElement.GetProperty("loggedMeanReward").GetDouble(), mode);
        }
    }

    [Fact]
    public async Task Evaluate_reads_the_same_rows_from_postgres_as_from_sqlite()
    {
        var sqlitePath = Path.Combine(directory, "same.db");
        var sqliteConfig = Path.Combine(directory, "sqlite.json");
        File.WriteAllText(sqliteConfig, JsonSerializer.Serialize(new { Storage = new { Provider = "sqlite", SqlitePath = sqlitePath } }));
        await using (var services = StoredLogsWorld.OpenStore(sqliteConfig))
        {
            await StoredLogsWorld.SeedAsync(services.GetRequiredService<IBanditStore>(), TestContext.Current.CancellationToken);
        }

        string Report(string config)
        {
            var output = new StringWriter();
            var exitCode = OfflineProgram.Run(
                ["evaluate", "--surface", "home", "--from", StoredLogsWorld.From, "--to", StoredLogsWorld.To,
                 "--estimators", "ips,snips,dr", "--bootstrap", "50", "--config", config],
                output,
                new StringWriter());
            Assert.Equal(0, exitCode);
            return output.ToString();
        }

        try
        {
            // Same decisions, rewards, order and float contexts: the reports are identical to the last digit.
            Assert.Equal(Report(sqliteConfig), Report(configFile));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Warmstart_with_publish_store_saves_the_gated_model_as_a_postgres_snapshot()
    {
        var (exitCode, error, model) = StoredLogsWorld.WarmstartPublishingToStore(directory, configFile);

        Assert.True(exitCode == 0, error);
        await using var services = StoredLogsWorld.OpenStore(configFile);
        await StoredLogsWorld.AssertSnapshotHoldsModelAsync(services.GetRequiredService<IBanditStore>(), "home", model, TestContext.Current.CancellationToken);
    }
}
