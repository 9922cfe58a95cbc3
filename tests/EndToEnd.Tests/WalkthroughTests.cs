using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests;

/// <summary>The README's walk-through against a real server process on embedded defaults.</summary>
public sealed class WalkthroughTests
{
    private const string AdminKey = "e2e-admin-key";

    [Fact]
    public async Task Server_on_embedded_defaults_learns_from_a_reward_and_keeps_the_model_across_a_restart()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("banditserve-e2e-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Kafka__CheckpointIntervalSeconds"] = "1",
        };

        var ct = TestContext.Current.CancellationToken;
        await using (var server = await ServerProcess.StartAsync(environment, workingDirectory: workingDirectory))
        {
            using var admin = server.CreateClient(AdminKey);
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/surfaces/home", Json("""{"dimension": 3, "epsilon": 0.05, "alpha": 1}"""), ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/surfaces/home/items:batch", Json("""{"items": [{"itemId": "a"}, {"itemId": "b"}, {"itemId": "c"}]}"""), ct)).StatusCode);

            using var client = server.CreateClient();
            var rank = JsonDocument.Parse(await (await client.PostAsync("/v1/surfaces/home/rank", Json("""{"features": [1, 0, 0.5], "slots": 2}"""), ct)).Content.ReadAsStringAsync(ct)).RootElement;
            var eventId = rank.GetProperty("eventId").GetString();
            var shown = rank.GetProperty("items")[0].GetProperty("itemId").GetString();

            var reward = await client.PostAsync("/v1/rewards", Json($$"""{"eventId": "{{eventId}}", "itemId": "{{shown}}", "reward": 1}"""), ct);
            Assert.Equal(HttpStatusCode.Accepted, reward.StatusCode);

            var item = await EventuallyAsync(async () =>
            {
                var body = JsonDocument.Parse(await admin.GetStringAsync($"/v1/surfaces/home/items/{shown}", ct)).RootElement;
                return body.GetProperty("rewardsApplied").GetInt64() == 1 ? body : (JsonElement?)null;
            });
            Assert.Equal(2.0, item.GetProperty("precision")[0].GetDouble(), 9);
            Assert.Equal(0.5, item.GetProperty("theta")[0].GetDouble(), 9);

            // A graceful stop writes a final checkpoint.
            await server.StopAsync();
        }

        await using (var restarted = await ServerProcess.StartAsync(environment, workingDirectory: workingDirectory))
        {
            using var admin = restarted.CreateClient(AdminKey);
            var surface = JsonDocument.Parse(await admin.GetStringAsync("/v1/surfaces/home", ct)).RootElement;
            Assert.Equal(3, surface.GetProperty("itemCount").GetInt32());
            var learned = (await Task.WhenAll(new[] { "a", "b", "c" }.Select(async i =>
                JsonDocument.Parse(await admin.GetStringAsync($"/v1/surfaces/home/items/{i}", ct)).RootElement.GetProperty("rewardsApplied").GetInt64()))).Sum();
            Assert.Equal(1, learned);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
