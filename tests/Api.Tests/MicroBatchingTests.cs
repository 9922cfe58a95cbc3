using System.Net;
using System.Text.Json;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class MicroBatchingFactory : BanditServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Scoring:MicroBatchMinItems", "1"), new("Scoring:MicroBatchWindowMicroseconds", "2000")];
}

/// <summary>Full-catalog rank requests through the micro-batcher answer like single ones.</summary>
public sealed class MicroBatchingTests(MicroBatchingFactory factory) : IClassFixture<MicroBatchingFactory>
{
    [Fact]
    public async Task Concurrent_full_catalog_ranks_through_the_micro_batcher_return_valid_slates()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/batched", """{"dimension": 4, "epsilon": 0.1}""");
        var batch = JsonSerializer.Serialize(new { items = Enumerable.Range(0, 50).Select(i => new { itemId = $"item-{i}" }) });
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/v1/surfaces/batched/items:batch", batch)).StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            var client = factory.CreateClient();
            return await HttpAssertions.ReadJsonAsync(await client.PostJsonAsync("/v1/surfaces/batched/rank",
                $$"""{"features": [{{i % 3}}, 1, 0.5, 0], "slots": 3, "exclude": ["item-0"]}"""));
        }));

        foreach (var body in responses)
        {
            var items = body.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(3, items.Count);
            Assert.Equal(3, items.Select(i => i.GetProperty("itemId").GetString()).Distinct().Count());
            Assert.DoesNotContain(items, i => i.GetProperty("itemId").GetString() == "item-0");
            // 49 candidates at slot 0: greedy 0.9 + 0.1/49 or explored 0.1/49.
            var p0 = items[0].GetProperty("propensity").GetDouble();
            Assert.True(Math.Abs(p0 - (0.9 + 0.1 / 49)) < 1e-9 || Math.Abs(p0 - 0.1 / 49) < 1e-9, $"slot 0 propensity {p0}");
        }

        // Invalid input on a batched surface is still a 400 naming the field.
        await HttpAssertions.AssertProblemAsync(await admin.PostJsonAsync("/v1/surfaces/batched/rank", """{"features": [1, 1, 1]}"""), HttpStatusCode.BadRequest, "features");
    }
}
