using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests;

/// <summary>
/// Exactly-once learning across a crash: the server is SIGKILLed mid-stream, restarted, and every
/// item's statistics must equal those implied by the accepted rewards — nothing lost, nothing doubled.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const string AdminKey = "crash-admin-key";
    private const string Surface = "crash";
    private const int Dimension = 4;
    private const int Items = 12;

    [Fact]
    public async Task Sigkill_mid_stream_then_restart_applies_every_accepted_reward_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        using var broker = new ExternalBroker();
        var connectionString = await TestPostgres.CreateDatabaseAsync("crash");
        var environment = new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Kafka__BootstrapServers"] = broker.BootstrapServers,
            ["Kafka__CheckpointIntervalSeconds"] = "0.5",
        };
        var random = new Random(20261125);
        var itemIds = Enumerable.Range(0, Items).Select(i => $"item-{i}").ToArray();

        var server = await ServerProcess.StartAsync(environment);
        var events = new List<(string EventId, float[] Features, string[] Shown)>();
        try
        {
            using var admin = server.CreateClient(AdminKey);
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/surfaces/{Surface}",
                Json($$"""{"dimension": {{Dimension}}, "epsilon": 0.2, "alpha": 0.5, "rewardWindowSeconds": 3600, "defaultReward": null}"""), ct)).StatusCode);
            var batch = JsonSerializer.Serialize(new { items = itemIds.Select(id => new { itemId = id }) });
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch", Json(batch), ct)).StatusCode);

            for (var i = 0; i < 300; i++)
            {
                var features = Enumerable.Range(0, Dimension).Select(_ => (float)Math.Round(random.NextDouble(), 3)).ToArray();
                var response = await admin.PostAsync($"/v1/surfaces/{Surface}/rank", Json(JsonSerializer.Serialize(new { features, slots = 3 })), ct);
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
                events.Add((body.GetProperty("eventId").GetString()!, features,
                    [.. body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("itemId").GetString()!)]));
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        // Rewards straight into Kafka, as event producers send them; some are duplicated (at-least-once producers).
        var accepted = new List<(string EventId, string ItemId, double Reward)>();
        var killAt = 150 + random.Next(200);
        var produced = 0;
        foreach (var (eventId, _, shown) in events)
        {
            foreach (var itemId in shown.Where(_ => random.NextDouble() < 0.5))
            {
                var reward = Math.Round(random.NextDouble(), 2);
                await broker.ProduceRewardAsync(eventId, itemId, reward, DateTimeOffset.UtcNow);
                accepted.Add((eventId, itemId, reward));
                if (random.NextDouble() < 0.1)
                {
                    await broker.ProduceRewardAsync(eventId, itemId, 1 - reward, DateTimeOffset.UtcNow);
                }

                if (++produced == killAt)
                {
                    server.Kill();
                }
            }
        }

        Assert.True(server.HasExited, $"the kill point {killAt} was not reached ({produced} rewards)");
        await server.DisposeAsync();

        // Expected model: the first reward per (eventId, itemId), applied once, with the decision's context.
        var expected = new SurfaceModel(Dimension, new DiagLinUcbOptions(0.5, 0.2, 1, 1));
        foreach (var id in itemIds)
        {
            expected.UpsertItem(id);
        }

        var contexts = events.ToDictionary(e => e.EventId, e => e.Features);
        foreach (var (eventId, itemId, reward) in accepted)
        {
            expected.Apply(itemId, FeatureVector.Dense(contexts[eventId], Dimension), reward);
        }

        await using var restarted = await ServerProcess.StartAsync(environment);
        using var probe = restarted.CreateClient(AdminKey);
        await ModelProbe.WaitUntilAsync(
            async () => await ModelProbe.TotalRewardsAppliedAsync(probe, Surface) >= accepted.Count,
            TimeSpan.FromSeconds(60),
            () => $"the restarted server did not apply {accepted.Count} rewards:\n{restarted.Output}");
        await Task.Delay(1000, ct);

        Assert.Equal(accepted.Count, await ModelProbe.TotalRewardsAppliedAsync(probe, Surface));
        foreach (var id in itemIds)
        {
            var actual = await ModelProbe.ReadItemAsync(probe, Surface, id);
            var want = expected.GetItem(id)!;
            Assert.Equal(want.RewardsApplied, actual.RewardsApplied);
            for (var c = 0; c < Dimension; c++)
            {
                ModelProbe.AssertClose(want.Precision![c], actual.Precision[c], $"{id} precision[{c}]");
                ModelProbe.AssertClose(want.Theta![c], actual.Theta[c], $"{id} theta[{c}]");
            }
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
