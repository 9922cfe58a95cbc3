using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.Offline.Tests.StoredLogs;
using BanditServe.Offline.WarmStart;
using BanditServe.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Offline.Tests.Cli;

/// <summary>The stored logs the command-line tests run on, and the checks of a model published into a store.</summary>
internal static class StoredLogsWorld
{
    public const string From = "2026-11-24T00:00:00Z";
    public const string To = "2026-11-25T00:00:00Z";
    public const int Decisions = 2000;
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Opens the store a config file names, through the same registration as the server and the command line.</summary>
    public static ServiceProvider OpenStore(string configFile) =>
        new ServiceCollection().AddBanditStorage(new ConfigurationBuilder().AddJsonFile(configFile).Build()).BuildServiceProvider();

    /// <summary>Migrates the store and writes surface "home" (dimension 2) with <see cref="Decisions"/> decisions and their rewards.</summary>
    public static async Task SeedAsync(IBanditStore store, CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        await store.UpsertSurfaceAsync(StoredFeedbackJoinTests.Surface(dimension: 2), cancellationToken);
        var (decisions, rewards) = ClusterWorld(seed: 51, n: Decisions);
        await store.AppendDecisionsAsync(decisions, cancellationToken);
        await store.AppendRewardsAsync(rewards, cancellationToken);
    }

    /// <summary>
    /// Asserts the surface's newest snapshot in the store is the model file's model, read back the way the
    /// server restores a diag-linucb model (<see cref="SurfaceModel.FromBytes(ReadOnlySpan{byte})"/>).
    /// </summary>
    /// <summary>Runs <c>warmstart --publish-store</c> over the seeded world; returns the exit code, standard error and the model file.</summary>
    public static (int ExitCode, string Error, string ModelFile) WarmstartPublishingToStore(string directory, string configFile)
    {
        var model = Path.Combine(directory, "model.json");
        var error = new StringWriter();
        var exitCode = OfflineProgram.Run(
            ["warmstart", "--surface", "home", "--from", From, "--to", To,
             "--bootstrap", "0", "--config", configFile, "--out", model, "--publish-store"],
            new StringWriter(),
            error);
        return (exitCode, error.ToString(), model);
    }

    public static async Task AssertSnapshotHoldsModelAsync(IBanditStore store, string surface, string modelFile, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadLatestSnapshotAsync(surface, cancellationToken);
        Assert.NotNull(snapshot);
        var document = JsonSerializer.Deserialize<WarmStartModelDocument>(
            await File.ReadAllTextAsync(modelFile, cancellationToken), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var restored = SurfaceModel.FromBytes(snapshot.Model).Export();
        Assert.Equal(document.DiagLinUcb.Dimension, restored.Dimension);
        Assert.Equal(document.DiagLinUcb.Items.Count, restored.Items.Count);
        foreach (var expected in document.DiagLinUcb.Items)
        {
            var actual = Assert.Single(restored.Items, item => item.ItemId == expected.ItemId);
            Assert.Equal(expected.Indices, actual.Indices);
            Assert.Equal(expected.SumSquares, actual.SumSquares);
            Assert.Equal(expected.SumRewards, actual.SumRewards);
            Assert.Equal(expected.RewardSum, actual.RewardSum);
        }

        // The warm start learned something: a model at the prior would restore with no statistics at all.
        Assert.Contains(restored.Items, item => item.SumSquares.Any(s => s > 0));
    }

    /// <summary>One slot, five items logged uniformly (p = 0.2), one-hot user clusters; item-k is best (0.8) in cluster k, the rest earn 0.1.</summary>
    public static (List<DecisionRecord> Decisions, List<RewardRecord> Rewards) ClusterWorld(int seed, int n)
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
