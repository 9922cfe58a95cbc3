using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests;

/// <summary>
/// A surface (or item) created on one replica and used at once: the other replica meets it first in a decision
/// on Kafka, long before its catalog sync would run, and must look it up in the shared store rather than
/// dead-letter the decision and lose its rewards.
/// </summary>
public sealed class NewSurfaceReplicaTests
{
    private const string AdminKey = "new-surface-admin-key";
    private const string Surface = "brand-new";

    [Fact]
    public async Task Replica_learns_a_surface_and_an_item_created_on_another_replica_without_waiting_for_the_catalog_sync()
    {
        // Arrange: the catalog sync would take a day, so only the lookup on a decision can make the second replica know the surface.
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await ReplicaPair.StartAsync(AdminKey, "newsurface", catalogRefreshSeconds: 86400);
        var first = pair.First;
        var second = pair.Second;
        ServerProcess[] replicas = [first, second];
        using var admin = first.CreateClient(AdminKey);
        using var secondAdmin = second.CreateClient(AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await secondAdmin.GetAsync($"/v1/surfaces/{Surface}", ct)).StatusCode);

        // Act: create on the first replica and rank there at once; every third reward goes to the second replica.
        var put = await admin.PutAsync($"/v1/surfaces/{Surface}", Json("""{"dimension": 3, "epsilon": 0.3, "rewardWindowSeconds": 3600, "defaultReward": null}"""), ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch", Json("""{"items": [{"itemId": "p"}, {"itemId": "q"}, {"itemId": "r"}]}"""), ct)).StatusCode);
        var random = new Random(5);
        var rewards = 0;
        for (var i = 0; i < 9; i++)
        {
            await RankAndRewardAsync(first, replicas[i % 3 == 0 ? 1 : 0], slots: 1, pick: null, random, ct);
            rewards++;
        }

        // An item added on the first replica after the second knows the surface: the second meets it in a decision too.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch", Json("""{"items": [{"itemId": "s"}]}"""), ct)).StatusCode);
        for (var i = 0; i < 3; i++)
        {
            await RankAndRewardAsync(first, replicas[i % 2], slots: 4, pick: "s", random, ct);
            rewards++;
        }

        // Assert: both replicas applied every reward and hold the same model; nothing was dead-lettered on the second.
        foreach (var replica in replicas)
        {
            using var replicaAdmin = replica.CreateClient(AdminKey);
            await ModelProbe.WaitUntilAsync(
                async () => await ModelProbe.TotalRewardsAppliedAsync(replicaAdmin, Surface) == rewards,
                TimeSpan.FromSeconds(30),
                () => $"replica on {replica.Port} did not apply {rewards} rewards:\n{replica.Output}");
        }

        var secondSurface = JsonDocument.Parse(await secondAdmin.GetStringAsync($"/v1/surfaces/{Surface}", ct)).RootElement;
        Assert.Equal(4, secondSurface.GetProperty("itemCount").GetInt32());
        foreach (var id in new[] { "p", "q", "r", "s" })
        {
            var a = await ModelProbe.ReadItemAsync(admin, Surface, id);
            var b = await ModelProbe.ReadItemAsync(secondAdmin, Surface, id);
            Assert.Equal(a.RewardsApplied, b.RewardsApplied);
            for (var c = 0; c < a.Precision.Length; c++)
            {
                ModelProbe.AssertClose(a.Precision[c], b.Precision[c], $"{id} precision[{c}]");
                ModelProbe.AssertClose(a.Theta[c], b.Theta[c], $"{id} theta[{c}]");
            }
        }

        Assert.Equal(3, (await ModelProbe.ReadItemAsync(secondAdmin, Surface, "s")).RewardsApplied);
        using var secondClient = second.CreateClient();
        var metrics = await secondClient.GetStringAsync("/metrics", ct);
        Assert.DoesNotContain("bandit_dlq_total{reason=", metrics, StringComparison.Ordinal);
    }

    private static async Task RankAndRewardAsync(ServerProcess ranker, ServerProcess rewarder, int slots, string? pick, Random random, CancellationToken ct)
    {
        using var client = ranker.CreateClient();
        var features = new[] { (float)random.NextDouble(), (float)random.NextDouble(), 1f };
        var rank = await client.PostAsync($"/v1/surfaces/{Surface}/rank", Json(JsonSerializer.Serialize(new { features, slots })), ct);
        Assert.Equal(HttpStatusCode.OK, rank.StatusCode);
        var decision = JsonDocument.Parse(await rank.Content.ReadAsStringAsync(ct)).RootElement;
        var eventId = decision.GetProperty("eventId").GetString();
        var shown = decision.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("itemId").GetString()).ToArray();
        var itemId = pick ?? shown[0];
        Assert.Contains(itemId, shown);

        using var rewardClient = rewarder.CreateClient();
        var body = Json($$"""{"eventId": "{{eventId}}", "itemId": "{{itemId}}", "reward": {{Math.Round(random.NextDouble(), 3)}}}""");
        HttpStatusCode status;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        // 404 until the rewarding replica has consumed the decision from Kafka.
        while ((status = (await rewardClient.PostAsync("/v1/rewards", body, ct)).StatusCode) == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }

        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
