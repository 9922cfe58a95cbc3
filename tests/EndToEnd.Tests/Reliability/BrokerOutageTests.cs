using System.Net;
using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>
/// The broker (a separate process) stops answering under load: rank keeps answering, HTTP rewards
/// get 503 rather than a false 202, and after the broker is back consumption resumes and every
/// reward — accepted before, refused during and retried after the outage — is learned exactly once.
/// </summary>
public sealed class BrokerOutageTests
{
    private const string AdminKey = "broker-outage-admin-key";
    private const string Surface = "broker-outage";
    private const int Dimension = 3;

    [Fact]
    public async Task Broker_outage_keeps_rank_answering_refuses_rewards_with_503_and_loses_nothing_after_recovery()
    {
        var ct = TestContext.Current.CancellationToken;
        using var broker = await BrokerHostProcess.StartAsync();
        var directory = Directory.CreateTempSubdirectory("banditserve-broker-outage-");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Storage__SqlitePath"] = Path.Combine(directory.FullName, "banditserve.db"),
            ["Kafka__BootstrapServers"] = broker.BootstrapServers,
            ["Kafka__GroupId"] = "broker-outage",
            ["Kafka__PublishTimeoutSeconds"] = "2",
        }, workingDirectory: directory.FullName);
        using var admin = server.CreateClient(AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/surfaces/{Surface}",
            AcceptedRewards.Json($$"""{"dimension": {{Dimension}}, "alpha": 0.5, "epsilon": 0.2, "rewardWindowSeconds": 3600, "defaultReward": null}"""), ct)).StatusCode);
        var items = Enumerable.Range(0, 5).Select(i => $"b{i}").ToArray();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch",
            AcceptedRewards.Json(JsonSerializer.Serialize(new { items = items.Select(id => new { itemId = id }) })), ct)).StatusCode);
        var rewards = new AcceptedRewards(Surface, Dimension, items, new DiagLinUcbOptions(0.5, 0.2, 1, 1));
        var random = new Random(404);

        // Before: every reward is accepted.
        for (var i = 0; i < 30; i++)
        {
            var (eventId, shown) = await rewards.RankAsync(admin, random, ct);
            Assert.Equal(HttpStatusCode.Accepted, await rewards.RewardAsync(admin, eventId, shown[0], Math.Round(random.NextDouble(), 2), ct));
        }

        await rewards.AssertServerLearnedExactlyAsync(server, admin, TimeSpan.FromSeconds(30), "before the outage");

        // During: rank answers; rewards are refused with 503 problem details, never a false 202.
        await broker.PauseAsync();
        var refused = new List<(string EventId, string ItemId, double Reward)>();
        var during = new LatencyRecorder();
        var outageEnd = DateTime.UtcNow.AddSeconds(8);
        var rankLoad = Task.Run(async () =>
        {
            using var client = server.CreateClient();
            var rankRandom = new Random(5);
            while (DateTime.UtcNow < outageEnd)
            {
                var features = Enumerable.Range(0, Dimension).Select(_ => rankRandom.NextDouble()).ToArray();
                var status = await during.TimeAsync(async () =>
                    (await client.PostAsync($"/v1/surfaces/{Surface}/rank", AcceptedRewards.Json(JsonSerializer.Serialize(new { features })), ct)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, status);
            }
        }, ct);
        while (DateTime.UtcNow < outageEnd)
        {
            var (eventId, shown) = await rewards.RankAsync(admin, random, ct);
            var reward = Math.Round(random.NextDouble(), 2);
            var response = await admin.PostAsync("/v1/rewards", AcceptedRewards.Json($$"""{"eventId": "{{eventId}}", "itemId": "{{shown[0]}}", "reward": {{reward}}}"""), ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            refused.Add((eventId, shown[0], reward));
        }

        await rankLoad;
        await broker.ResumeAsync();

        // After: clients retry what was refused; new traffic flows; everything accepted is learned exactly once.
        foreach (var (eventId, itemId, reward) in refused)
        {
            HttpStatusCode status;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((status = await rewards.RewardAsync(admin, eventId, itemId, reward, ct)) != HttpStatusCode.Accepted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }

            Assert.Equal(HttpStatusCode.Accepted, status);
        }

        for (var i = 0; i < 20; i++)
        {
            var (eventId, shown) = await rewards.RankAsync(admin, random, ct);
            Assert.Equal(HttpStatusCode.Accepted, await rewards.RewardAsync(admin, eventId, shown[0], Math.Round(random.NextDouble(), 2), ct));
        }

        await rewards.AssertServerLearnedExactlyAsync(server, admin, TimeSpan.FromSeconds(60), "after the outage");
        TestContext.Current.TestOutputHelper?.WriteLine($"broker outage: {refused.Count} rewards refused with 503 and retried; rank during the outage {during}; {rewards.Count} rewards learned");
        Assert.NotEmpty(refused);
        Assert.True(during.Count > 20, $"rank answered only {during.Count} times during the outage");
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Harmless temp directory.
        }
    }
}
