using System.Text.Json;
using BanditServe.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BanditServe.Offline.Tests.Cli;

/// <summary><c>evaluate --surface</c> and <c>warmstart --surface</c> on a real SQLite store written through Storage.</summary>
public sealed class StoredLogsCommandTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-stored-").FullName;
    private string configFile = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var databasePath = Path.Combine(directory, "banditserve.db");
        using (var store = new SqliteBanditStore(Options.Create(new StorageOptions { SqlitePath = databasePath })))
        {
            await StoredLogsWorld.SeedAsync(store, cancellationToken);
        }

        configFile = Path.Combine(directory, "offline.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new { Storage = new { Provider = "sqlite", SqlitePath = databasePath } }), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public void Evaluate_on_a_surface_reads_the_stored_logs_and_reports_the_candidate()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["evaluate", "--surface", "home", "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z",
             "--candidate", "diag-linucb:alpha=0,epsilon=0.1", "--estimators", "ips,snips,dr", "--bootstrap", "0", "--config", configFile],
            output,
            error);

        Assert.True(exitCode == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(2000, json.RootElement.GetProperty("rounds").GetInt32());
        var dr = json.RootElement.GetProperty("estimates")[2];
        Assert.Equal("dr", dr.GetProperty("estimator").GetString());
        // The candidate learns each cluster's best item (mean 0.8); uniform logging earns about 0.24.
        Assert.True(dr.GetProperty("ciLow").GetDouble() > json.RootElement.GetProperty("loggedMeanReward").GetDouble());
        Assert.Contains("2000 decisions of surface 'home'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_with_a_replayed_candidate_learns_in_log_order_and_beats_the_logging_policy()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["evaluate", "--surface", "home", "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z",
             "--candidate", "diag-linucb:alpha=0,epsilon=0.1,mode=replay", "--estimators", "ips,dr", "--bootstrap", "0", "--config", configFile],
            output,
            error);

        Assert.True(exitCode == 0, error.ToString());
        Assert.Contains("replaying the candidate", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("warm start fit: 2000/2000 rounds (100%)", error.ToString(), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(output.ToString());
        var dr = json.RootElement.GetProperty("estimates")[1];
        // Learning from the prior, the replayed policy still finds each cluster's best item within the first rounds.
        Assert.True(dr.GetProperty("ciLow").GetDouble() > json.RootElement.GetProperty("loggedMeanReward").GetDouble());
    }

    [Fact]
    public void Warmstart_on_a_surface_publishes_a_model_with_the_surface_settings()
    {
        var model = Path.Combine(directory, "model.json");

        var exitCode = OfflineProgram.Run(
            ["warmstart", "--surface", "home", "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z",
             "--bootstrap", "0", "--config", configFile, "--out", model],
            new StringWriter(),
            new StringWriter());

        Assert.Equal(0, exitCode);
        var document = JsonSerializer.Deserialize<BanditServe.Offline.WarmStart.WarmStartModelDocument>(File.ReadAllText(model), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("home", document.Surface);
        var snapshot = document.DiagLinUcb;
        Assert.Equal(2, snapshot.Dimension);
        Assert.Equal(0.05, snapshot.Options.Epsilon);
        Assert.Equal(5, snapshot.Items.Count);
    }

    [Fact]
    public async Task Warmstart_with_publish_store_saves_the_gated_model_as_a_snapshot_the_server_restores()
    {
        var (exitCode, error, model) = StoredLogsWorld.WarmstartPublishingToStore(directory, configFile);

        Assert.True(exitCode == 0, error);
        Assert.Contains("saved the model as snapshot", error, StringComparison.Ordinal);
        await using var services = StoredLogsWorld.OpenStore(configFile);
        await StoredLogsWorld.AssertSnapshotHoldsModelAsync(services.GetRequiredService<IBanditStore>(), "home", model, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Warmstart_with_publish_store_to_an_unknown_surface_exits_4_and_saves_nothing()
    {
        var model = Path.Combine(directory, "model.json");
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["warmstart", "--surface", "home", "--from", StoredLogsWorld.From, "--to", StoredLogsWorld.To,
             "--bootstrap", "0", "--config", configFile, "--out", model, "--publish-store", "--publish-surface", "elsewhere"],
            new StringWriter(),
            error);

        Assert.Equal(4, exitCode);
        Assert.Contains("surface 'elsewhere' does not exist", error.ToString(), StringComparison.Ordinal);
        await using var services = StoredLogsWorld.OpenStore(configFile);
        Assert.Null(await services.GetRequiredService<IBanditStore>().LoadLatestSnapshotAsync("elsewhere", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Warmstart_refused_by_the_gate_saves_no_snapshot()
    {
        var error = new StringWriter();

        // ε = 0.99 serves almost uniformly at random, like the logging policy: its lower bound falls below the logged value.
        var exitCode = OfflineProgram.Run(
            ["warmstart", "--surface", "home", "--from", StoredLogsWorld.From, "--to", StoredLogsWorld.To, "--epsilon", "0.99",
             "--bootstrap", "0", "--config", configFile, "--out", Path.Combine(directory, "refused.json"), "--publish-store"],
            new StringWriter(),
            error);

        Assert.True(exitCode == 3, error.ToString());
        await using var services = StoredLogsWorld.OpenStore(configFile);
        Assert.Null(await services.GetRequiredService<IBanditStore>().LoadLatestSnapshotAsync("home", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Evaluate_on_an_unknown_surface_exits_with_code_2()
    {
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["evaluate", "--surface", "nope", "--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z", "--config", configFile],
            new StringWriter(),
            error);

        Assert.Equal(2, exitCode);
        Assert.Contains("'nope' does not exist", error.ToString(), StringComparison.Ordinal);
    }
}
