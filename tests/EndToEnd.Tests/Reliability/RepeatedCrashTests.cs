using System.Diagnostics;
using System.Net;
using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>
/// SIGKILL at random points of a rank + reward stream, again and again, on both storage providers:
/// after every restart the model equals the one implied by the rewards the server accepted (202):
/// nothing lost, nothing doubled. The broker outlives the servers, as a real cluster does.
/// </summary>
public sealed class RepeatedCrashTests
{
    private const string AdminKey = "repeated-crash-admin-key";
    private const string Surface = "crashes";
    private const int Dimension = 3;

    // 20 kills on each provider, as the reliability issue asks.
    [Theory]
    [InlineData("sqlite", 20)]
    [InlineData("postgres", 20)]
    public async Task Sigkill_at_random_points_again_and_again_loses_and_doubles_no_accepted_reward(string provider, int crashes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var broker = new ExternalBroker();
        var directory = Directory.CreateTempSubdirectory("banditserve-crashes-");
        var environment = new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Storage__Provider"] = provider,
            ["Kafka__BootstrapServers"] = broker.BootstrapServers,
            ["Kafka__GroupId"] = "crashes-" + provider,
            // Frequent checkpoints put kills before, during and after checkpoint writes.
            ["Kafka__CheckpointIntervalSeconds"] = "0.3",
        };
        if (provider == "postgres")
        {
            environment["ConnectionStrings__Postgres"] = await TestPostgres.CreateDatabaseAsync("crashes");
        }
        else
        {
            environment["Storage__SqlitePath"] = Path.Combine(directory.FullName, "banditserve.db");
        }

        var random = new Random(provider == "postgres" ? 91 : 19);
        var items = Enumerable.Range(0, 6).Select(i => $"item-{i}").ToArray();
        var rewards = new AcceptedRewards(Surface, Dimension, items, new DiagLinUcbOptions(0.5, 0.2, 1, 1));
        var restartSeconds = new List<double>();
        try
        {
            for (var cycle = 0; cycle <= crashes; cycle++)
            {
                var started = Stopwatch.StartNew();
                await using var server = await ServerProcess.StartAsync(environment, workingDirectory: directory.FullName);
                restartSeconds.Add(started.Elapsed.TotalSeconds);
                using var admin = server.CreateClient(AdminKey);
                if (cycle == 0)
                {
                    var put = await admin.PutAsync($"/v1/surfaces/{Surface}",
                        AcceptedRewards.Json($$"""{"dimension": {{Dimension}}, "alpha": 0.5, "epsilon": 0.2, "rewardWindowSeconds": 3600, "defaultReward": null}"""), ct);
                    Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                    var batch = JsonSerializer.Serialize(new { items = items.Select(id => new { itemId = id }) });
                    Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch", AcceptedRewards.Json(batch), ct)).StatusCode);
                }
                else
                {
                    await rewards.AssertServerLearnedExactlyAsync(server, admin, TimeSpan.FromSeconds(30), $"after restart {cycle} ({provider})");
                }

                if (cycle == crashes)
                {
                    break;
                }

                // A random stretch of traffic, some rewards repeated (at-least-once clients), then a kill at a random moment
                // while decisions, rewards and checkpoints are still being written in the background.
                var operations = random.Next(10, 60);
                for (var op = 0; op < operations; op++)
                {
                    var (eventId, shown) = await rewards.RankAsync(admin, random, ct);
                    foreach (var itemId in shown.Where(_ => random.NextDouble() < 0.6))
                    {
                        var reward = Math.Round(random.NextDouble(), 2);
                        Assert.Equal(HttpStatusCode.Accepted, await rewards.RewardAsync(admin, eventId, itemId, reward, ct));
                        if (random.NextDouble() < 0.1)
                        {
                            Assert.Equal(HttpStatusCode.Accepted, await rewards.RewardAsync(admin, eventId, itemId, 1 - reward, ct));
                        }
                    }
                }

                await Task.Delay(random.Next(0, 400), ct);
                server.Kill();
            }
        }
        finally
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{provider}: {restartSeconds.Count - 1} SIGKILLs, {rewards.Count} accepted rewards, start-to-ready seconds: " +
                string.Join(", ", restartSeconds.Select(s => s.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture))));
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A killed server may leave the WAL briefly locked; the temp directory is harmless.
            }
        }
    }
}
