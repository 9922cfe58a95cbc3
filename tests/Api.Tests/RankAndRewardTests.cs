using System.Net;
using System.Text.Json;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class RankAndRewardTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    private async Task<HttpClient> CreateSurfaceAsync(string surface, string config, params string[] items)
    {
        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/v1/surfaces/{surface}", config)).StatusCode);
        var batch = JsonSerializer.Serialize(new { items = items.Select(i => new { itemId = i, active = true }) });
        var added = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync($"/v1/surfaces/{surface}/items:batch", batch));
        Assert.Equal(items.Length, added.GetProperty("upserted").GetInt32());
        return admin;
    }

    [Fact]
    public async Task Rank_returns_slots_with_exact_propensities_and_an_event_id()
    {
        var admin = await CreateSurfaceAsync("rank-basic", """{"dimension": 3, "epsilon": 0.2}""", "a", "b", "c", "d");

        var body = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/rank-basic/rank",
            """{"features": [1, 0, 0.5], "slots": 2, "candidates": ["a", "b", "c", "zz"], "exclude": ["c"]}"""));

        Assert.False(string.IsNullOrEmpty(body.GetProperty("eventId").GetString()));
        Assert.Equal("rank-basic", body.GetProperty("surface").GetString());
        Assert.Equal("diag-linucb", body.GetProperty("policy").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal([0, 1], items.Select(i => i.GetProperty("slot").GetInt32()));
        Assert.All(items, i => Assert.Contains(i.GetProperty("itemId").GetString(), new[] { "a", "b" }));
        // Slot 0 chooses among 2 candidates: greedy pick 0.8 + 0.2/2, random pick 0.2/2.
        var p0 = items[0].GetProperty("propensity").GetDouble();
        Assert.True(Math.Abs(p0 - 0.9) < 1e-9 || Math.Abs(p0 - 0.1) < 1e-9, $"slot 0 propensity {p0}");
        // Slot 1 has one candidate left: it is picked with certainty.
        Assert.Equal(1.0, items[1].GetProperty("propensity").GetDouble(), 9);
        Assert.Equal(["zz"], body.GetProperty("unknownCandidates").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("""{"features": [1, 0]}""", "features")]
    [InlineData("""{"features": [1, 0, 0, 0]}""", "features")]
    [InlineData("""{"features": [1, "x", 0]}""", "$.features[1]")]
    [InlineData("""{"features": [1, NaN, 0]}""", "$.features")]
    [InlineData("""{"features": [1, 1e400, 0]}""", "features[1]")]
    [InlineData("""{}""", "features")]
    [InlineData("""{"features": [1, 0, 0], "namedFeatures": {"a": 1}}""", "features")]
    [InlineData("""{"sparseFeatures": {"indices": [0, 3], "values": [1, 1]}}""", "sparseFeatures")]
    [InlineData("""{"sparseFeatures": {"indices": [1, 1], "values": [1, 1]}}""", "sparseFeatures")]
    [InlineData("""{"sparseFeatures": {"indices": [1], "values": [1, 2]}}""", "sparseFeatures")]
    [InlineData("""{"features": [1, 0, 0], "slots": 0}""", "slots")]
    [InlineData("""{"features": [1, 0, 0], "slots": 101}""", "slots")]
    [InlineData("""{"features": [1, 0, 0], "eventId": "has space"}""", "eventId")]
    public async Task Rank_with_invalid_input_returns_400_naming_the_field_and_changes_nothing(string request, string field)
    {
        var name = "rank-invalid-" + Guid.NewGuid().ToString("N")[..8];
        var admin = await CreateSurfaceAsync(name, """{"dimension": 3}""", "a", "b");
        var before = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{name}", TestContext.Current.CancellationToken));

        var response = await admin.PostJsonAsync($"/v1/surfaces/{name}/rank", request);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);

        var after = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{name}", TestContext.Current.CancellationToken));
        Assert.Equal(before.GetProperty("modelVersion").GetInt64(), after.GetProperty("modelVersion").GetInt64());
        Assert.Equal(0, after.GetProperty("decisions").GetInt64());
    }

    [Fact]
    public async Task Rank_on_unknown_surface_returns_404()
    {
        var client = factory.CreateClient();
        await HttpAssertions.AssertProblemAsync(await client.PostJsonAsync("/v1/surfaces/nope/rank", """{"features": [1]}"""), HttpStatusCode.NotFound, "surface");
    }

    [Fact]
    public async Task Duplicate_client_event_id_returns_409()
    {
        var admin = await CreateSurfaceAsync("rank-dup", """{"dimension": 2}""", "a", "b");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/v1/surfaces/rank-dup/rank", """{"features": [1, 0], "eventId": "evt-1"}""")).StatusCode);
        await HttpAssertions.AssertProblemAsync(await admin.PostJsonAsync("/v1/surfaces/rank-dup/rank", """{"features": [1, 0], "eventId": "evt-1"}"""), HttpStatusCode.Conflict, "eventId");
    }

    [Fact]
    public async Task Named_features_are_hashed_into_the_surface_dimension()
    {
        var admin = await CreateSurfaceAsync("rank-named", """{"dimension": 1024}""", "a", "b");
        var body = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/rank-named/rank",
            """{"namedFeatures": {"country=de": 1, "hour": 0.75}, "slots": 2}"""));
        Assert.Equal(2, body.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Reward_for_unknown_event_returns_404_and_invalid_reward_400()
    {
        var client = factory.CreateClient();
        await HttpAssertions.AssertProblemAsync(await client.PostJsonAsync("/v1/rewards", """{"eventId": "never-seen", "itemId": "a", "reward": 1}"""), HttpStatusCode.NotFound, "eventId");
        await HttpAssertions.AssertProblemAsync(await client.PostJsonAsync("/v1/rewards", """{"eventId": "e", "itemId": "a"}"""), HttpStatusCode.BadRequest, "reward");
        await HttpAssertions.AssertProblemAsync(await client.PostJsonAsync("/v1/rewards", """{"eventId": "e", "itemId": "a", "reward": "1"}"""), HttpStatusCode.BadRequest, "$.reward");
        await HttpAssertions.AssertProblemAsync(await client.PostJsonAsync("/v1/rewards", """{"itemId": "a", "reward": 1}"""), HttpStatusCode.BadRequest, "eventId");
    }

    [Fact]
    public async Task Rank_then_reward_over_kafka_changes_the_rewarded_item_only()
    {
        var admin = await CreateSurfaceAsync("learn", """{"dimension": 2, "epsilon": 0, "alpha": 0, "defaultReward": null}""", "a", "b");
        var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/learn/rank", """{"features": [1, 0], "candidates": ["a"]}"""));
        var eventId = ranked.GetProperty("eventId").GetString();

        var accepted = await admin.PostJsonAsync("/v1/rewards", $$"""{"eventId": "{{eventId}}", "itemId": "a", "reward": 1}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // The reward travels through the embedded Kafka broker and the consumer's join before it is learned.
        var item = await EventuallyAsync(async () =>
        {
            var state = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/learn/items/a", TestContext.Current.CancellationToken));
            return state.GetProperty("rewardsApplied").GetInt64() == 1 ? state : (JsonElement?)null;
        });

        // ALGORITHMS.md: precision = ridge + x², b = x·r, theta = b / precision.
        Assert.Equal(2.0, item.GetProperty("precision")[0].GetDouble(), 9);
        Assert.Equal(1.0, item.GetProperty("precision")[1].GetDouble(), 9);
        Assert.Equal(0.5, item.GetProperty("theta")[0].GetDouble(), 9);
        Assert.Equal(0.0, item.GetProperty("theta")[1].GetDouble(), 9);

        var untouched = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/learn/items/b", TestContext.Current.CancellationToken));
        Assert.Equal(0, untouched.GetProperty("rewardsApplied").GetInt64());
        Assert.Equal(0.0, untouched.GetProperty("theta")[0].GetDouble());

        // A duplicate reward for the same (eventId, itemId) is ignored: at-least-once producers never double-count.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostJsonAsync("/v1/rewards", $$"""{"eventId": "{{eventId}}", "itemId": "a", "reward": 1}""")).StatusCode);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var again = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/learn/items/a", TestContext.Current.CancellationToken));
        Assert.Equal(1, again.GetProperty("rewardsApplied").GetInt64());
        Assert.Equal(2.0, again.GetProperty("precision")[0].GetDouble(), 9);
    }

    [Fact]
    public async Task Rewards_batch_reports_rejected_entries_by_index()
    {
        var admin = await CreateSurfaceAsync("batch", """{"dimension": 1}""", "a");
        var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/batch/rank", """{"features": [1]}"""));
        var eventId = ranked.GetProperty("eventId").GetString();
        var body = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/rewards:batch",
            $$"""{"rewards": [{"eventId": "{{eventId}}", "itemId": "a", "reward": 1}, {"eventId": "{{eventId}}", "itemId": "a"}, {"eventId": "unknown", "itemId": "a", "reward": 0}]}"""),
            HttpStatusCode.Accepted);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([1, 2], rejected.Select(r => r.GetProperty("index").GetInt32()));
        Assert.StartsWith("rewards[1].reward", rejected[0].GetProperty("detail").GetString());
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 20 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
