using System.Text.Json;
using BanditServe.Offline.Tests.StoredLogs;
using BanditServe.Storage;
using Microsoft.Extensions.Options;

namespace BanditServe.Offline.Tests.Cli;

/// <summary><c>evaluate --surface</c> and <c>warmstart --surface</c> on a real SQLite store written through Storage.</summary>
public sealed class StoredLogsCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-stored-").FullName;
    private string configFile = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var databasePath = Path.Combine(directory, "banditserve.db");
        using (var store = new SqliteBanditStore(Options.Create(new StorageOptions { SqlitePath = databasePath })))
        {
            await store.MigrateAsync(cancellationToken);
            await store.UpsertSurfaceAsync(StoredFeedbackJoinTests.Surface(dimension: 2), cancellationToken);
            var (decisions, rewards) = ClusterWorld(seed: 51, n: 2000);
            await store.AppendDecisionsAsync(decisions, cancellationToken);
            await store.AppendRewardsAsync(rewards, cancellationToken);
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

    /// <summary>One slot, five items logged uniformly (p = 0.2), one-hot user clusters; item-k is best (0.8) in cluster k, the rest earn 0.1.</summary>
    private static (List<DecisionRecord> Decisions, List<RewardRecord> Rewards) ClusterWorld(int seed, int n)
    {
        var random = new Random(seed);
        var decisions = new List<DecisionRecord>();
        var rewards = new List<RewardRecord>();
        for (var i = 0; i < n; i++)
        {
            var cluster = random.Next(2);
            var item = random.Next(5);
            var eventId = $"e{i}";
            float[] features = cluster == 0 ? [1f, 0f] : [0f, 1f];
            decisions.Add(StoredFeedbackJoinTests.Decision(eventId, features, ($"item-{item}", 0, 0.2)) with { At = Start.AddSeconds(i) });
            var mean = item == cluster ? 0.8 : 0.1;
            rewards.Add(new RewardRecord(eventId, "home", $"item-{item}", random.NextDouble() < mean ? 1 : 0, Start.AddSeconds(i + 1), RewardOutcome.Applied));
        }

        return (decisions, rewards);
    }
}
