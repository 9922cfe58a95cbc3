using System.Net;
using System.Text;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class OperationsTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    [Fact]
    public async Task OpenApi_document_describes_every_endpoint_of_the_contract()
    {
        var client = factory.CreateClient();
        var document = await HttpAssertions.ReadJsonAsync(await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/v1/surfaces", "/v1/surfaces/{surface}", "/v1/surfaces/{surface}/items/{itemId}",
            "/v1/surfaces/{surface}/items:batch", "/v1/surfaces/{surface}/rank", "/v1/rewards", "/v1/rewards:batch",
            "/v1/surfaces/{surface}/schedule", "/v1/surfaces/{surface}/snapshots", "/v1/surfaces/{surface}/model",
        ];
        Assert.All(expected, path => Assert.Contains(path, paths));
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("RankRequest", schemas);
        Assert.Contains("RankResponse", schemas);
    }

    [Fact]
    public async Task Api_reference_page_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/reference", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoints_answer_and_readiness_reports_its_checks()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage ready;
        while ((ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "never became ready: " + await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var body = await HttpAssertions.ReadJsonAsync(ready);
        var checks = body.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Contains("model", checks);
        Assert.Contains("storage", checks);
        Assert.Contains("kafka-consumer", checks);
        Assert.Equal("off", body.GetProperty("checks").GetProperty("rank-warm-up").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Metrics_expose_the_serving_metrics_without_secrets()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/metered", """{"dimension": 2, "epsilon": 0.5}""");
        await admin.PutJsonAsync("/v1/surfaces/metered/items/a", """{"active": true}""");
        await admin.PostJsonAsync("/v1/surfaces/metered/rank", """{"features": [1, 1]}""");

        var text = await factory.CreateClient().GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        foreach (var name in new[] { "bandit_rank_duration_seconds", "bandit_rank_candidates", "bandit_slots_served_total", "bandit_configured_epsilon", "bandit_model_version", "bandit_items", "http_request_duration_seconds", "bandit_checkpoint_age_seconds", "bandit_reward_to_update_seconds" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }

        Assert.Contains("bandit_configured_epsilon{surface=\"metered\"} 0.5", text, StringComparison.Ordinal);
        Assert.DoesNotContain(BanditServerFactory.AdminKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_over_the_limit_returns_413()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/big-body", """{"dimension": 2}""");
        var huge = new StringBuilder("{\"items\": [");
        for (var i = 0; i < 1_000_000; i++)
        {
            huge.Append("{\"itemId\": \"item-").Append(i).Append("\", \"active\": true},");
        }

        huge.Append("{\"itemId\": \"last\"}]}");
        var response = await admin.PostJsonAsync("/v1/surfaces/big-body/items:batch", huge.ToString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var surface = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/big-body", TestContext.Current.CancellationToken));
        Assert.Equal(0, surface.GetProperty("itemCount").GetInt32());
    }
}

public sealed class RateLimitedFactory : BanditServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Server:RateLimitPerSecond", "10"), new("Server:RateLimitBurst", "20")];
}

public sealed class RateLimitTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task A_burst_beyond_the_limit_gets_429_problem_details()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 60; i++)
        {
            var response = await client.PostJsonAsync("/v1/surfaces/none/rank", """{"features": [1]}""");
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        var elapsed = clock.Elapsed.TotalSeconds;

        // The burst of 20 passes, then about 10 per second of the time the loop took (a slow machine refills more).
        Assert.NotNull(limited);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.NotFound), 20, 20 + (int)Math.Ceiling(10 * elapsed) + 1);
        await HttpAssertions.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "X-Api-Key");
    }
}
