using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests;

/// <summary>
/// Two replicas against one broker: each consumes both topics in full, so rewards posted to either
/// replica (for decisions made by either) are learned by both and their models are equal.
/// </summary>
public sealed class ReplicaConvergenceTests
{
    private const string AdminKey = "replica-admin-key";
    private const string Surface = "replicated";

    [Fact]
    public async Task Two_replicas_share_the_catalog_and_learn_the_same_model_from_different_traffic()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await ReplicaPair.StartAsync(AdminKey, "replicas", catalogRefreshSeconds: 1);
        var first = pair.First;
        var second = pair.Second;
        ServerProcess[] replicas = [first, second];
        var items = Enumerable.Range(0, 8).Select(i => $"i{i}").ToArray();
        // Admin calls go to one replica (as through a load balancer); the other picks the catalog up from the shared store.
        using (var admin = first.CreateClient(AdminKey))
        {
            var put = await admin.PutAsync($"/v1/surfaces/{Surface}", Json("""{"dimension": 3, "epsilon": 0.3, "rewardWindowSeconds": 3600, "defaultReward": null}"""), ct);
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));
            var batch = JsonSerializer.Serialize(new { items = items.Select(id => new { itemId = id }) });
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch", Json(batch), ct)).StatusCode);
        }

        using (var secondAdmin = second.CreateClient(AdminKey))
        {
            await ModelProbe.WaitUntilAsync(
                async () =>
                {
                    var response = await secondAdmin.GetAsync($"/v1/surfaces/{Surface}", ct);
                    return response.IsSuccessStatusCode
                        && JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("itemCount").GetInt32() == items.Length;
                },
                TimeSpan.FromSeconds(20),
                () => "the second replica did not pick up the surface and its items from the shared store");
        }

        var random = new Random(7);
        var rewards = 0;
        for (var i = 0; i < 120; i++)
        {
            var ranker = replicas[i % 2];
            using var client = ranker.CreateClient();
            var features = new[] { (float)random.NextDouble(), (float)random.NextDouble(), 1f };
            var rank = JsonDocument.Parse(await (await client.PostAsync($"/v1/surfaces/{Surface}/rank", Json(JsonSerializer.Serialize(new { features, slots = 2 })), ct)).Content.ReadAsStringAsync(ct)).RootElement;
            var eventId = rank.GetProperty("eventId").GetString();
            var shown = rank.GetProperty("items")[0].GetProperty("itemId").GetString();

            // Every third reward goes to the replica that did NOT rank: it knows the event once its consumer read the decision.
            var rewarder = i % 3 == 0 ? replicas[(i + 1) % 2] : ranker;
            using var rewardClient = rewarder.CreateClient();
            var body = Json($$"""{"eventId": "{{eventId}}", "itemId": "{{shown}}", "reward": {{Math.Round(random.NextDouble(), 3)}}}""");
            HttpStatusCode status;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((status = (await rewardClient.PostAsync("/v1/rewards", body, ct)).StatusCode) == HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, ct);
            }

            Assert.Equal(HttpStatusCode.Accepted, status);
            rewards++;
        }

        foreach (var replica in replicas)
        {
            using var admin = replica.CreateClient(AdminKey);
            await ModelProbe.WaitUntilAsync(
                async () => await ModelProbe.TotalRewardsAppliedAsync(admin, Surface) == rewards,
                TimeSpan.FromSeconds(30),
                () => $"replica on {replica.Port} did not apply {rewards} rewards");
        }

        using var adminA = first.CreateClient(AdminKey);
        using var adminB = second.CreateClient(AdminKey);
        foreach (var id in items)
        {
            var a = await ModelProbe.ReadItemAsync(adminA, Surface, id);
            var b = await ModelProbe.ReadItemAsync(adminB, Surface, id);
            Assert.Equal(a.RewardsApplied, b.RewardsApplied);
            for (var c = 0; c < a.Precision.Length; c++)
            {
                ModelProbe.AssertClose(a.Precision[c], b.Precision[c], $"{id} precision[{c}]");
                ModelProbe.AssertClose(a.Theta[c], b.Theta[c], $"{id} theta[{c}]");
            }
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
