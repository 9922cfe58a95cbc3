using System.Net;
using System.Text.Json;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests.Dashboard;

/// <summary>
/// <c>GET /v1/surfaces/{surface}/decisions/{eventId}/explanation</c>: every candidate with its terms by score,
/// against an in-memory server whose items carry seeded statistics (the oracle recomputes each term).
/// </summary>
public sealed class DecisionExplanationTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    private static readonly float[] Context = [1f, 0.5f, -0.25f];

    [Fact]
    public async Task Explanation_lists_the_top_candidates_by_score_then_every_placed_item_below_them()
    {
        // Arrange: 300 items, 10 excluded; 8 slots and top=1, so at least 7 placed items rank below the listed top.
        var admin = factory.CreateAdminClient();
        var model = new ExplanationModel("explain-catalog", 300, seed: 4711);
        await model.CreateAsync(admin);
        var excluded = model.ItemIds.Take(10).ToArray();
        var rank = await RankAsync(admin, model.Surface, new { features = Context, exclude = excluded, slots = 8 });
        var eventId = rank.GetProperty("eventId").GetString()!;

        // Act
        var explanation = await GetJsonAsync(admin, $"/v1/surfaces/{model.Surface}/decisions/{eventId}/explanation?top=1");

        // Assert: the best candidate, then the other placed items in rank order, each with its slot and decision score.
        Assert.Equal("memory", explanation.GetProperty("source").GetString());
        var ranking = explanation.GetProperty("ranking");
        Assert.Equal(300 - excluded.Length, ranking.GetProperty("total").GetInt32());
        Assert.Equal(1, ranking.GetProperty("top").GetInt32());
        Assert.Equal("catalog", ranking.GetProperty("candidateSet").GetString());
        Assert.True(ranking.GetProperty("candidateSetKnown").GetBoolean());
        var rows = ranking.GetProperty("candidates").EnumerateArray().ToArray();
        var expectedOrder = model.ExpectedOrder(model.ItemIds.Except(excluded), Context);
        Assert.Equal(expectedOrder[0], rows[0].GetProperty("itemId").GetString());
        Assert.Equal(1, rows[0].GetProperty("rank").GetInt32());

        var placed = rank.GetProperty("items").EnumerateArray().ToArray();
        var placedIds = placed.Select(i => i.GetProperty("itemId").GetString()).ToHashSet();
        Assert.Equal(placedIds, rows.Where(r => r.TryGetProperty("slot", out _)).Select(r => r.GetProperty("itemId").GetString()).ToHashSet());
        Assert.Equal(placed.Length + (placedIds.Contains(expectedOrder[0]) ? 0 : 1), rows.Length);
        var ranks = rows.Select(r => r.GetProperty("rank").GetInt32()).ToArray();
        Assert.Equal(ranks.Order(), ranks);
        Assert.Equal(ranks.Length, ranks.Distinct().Count());
        var explainedItems = explanation.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("itemId").GetString()!);
        foreach (var item in placed)
        {
            var itemId = item.GetProperty("itemId").GetString()!;
            var row = rows.Single(r => r.GetProperty("itemId").GetString() == itemId);
            Assert.Equal(Array.IndexOf(expectedOrder, itemId) + 1, row.GetProperty("rank").GetInt32());
            Assert.Equal(item.GetProperty("slot").GetInt32(), row.GetProperty("slot").GetInt32());
            Assert.Equal(item.GetProperty("score").GetDouble(), row.GetProperty("decisionScore").GetDouble());
            Assert.Equal(explainedItems[itemId].GetProperty("explored").GetBoolean(), row.GetProperty("explored").GetBoolean());
        }

        // The model did not change since the decision: the recomputed terms are the decision's (rank scores in float32).
        Assert.True(ranking.GetProperty("termsRecomputed").GetBoolean());
        Assert.True(ranking.GetProperty("termsMatchDecision").GetBoolean());
        Assert.Equal(rank.GetProperty("modelVersion").GetInt64(), ranking.GetProperty("termsModelVersion").GetInt64());
        foreach (var row in rows.Where(r => r.TryGetProperty("decisionScore", out _)))
        {
            Assert.Equal(row.GetProperty("decisionScore").GetDouble(), row.GetProperty("score").GetDouble(), 1e-5);
        }
    }

    [Fact]
    public async Task Explanation_top_candidates_are_the_highest_scores_in_order_with_the_oracle_terms()
    {
        var admin = factory.CreateAdminClient();
        var model = new ExplanationModel("explain-order", 300, seed: 20261124);
        await model.CreateAsync(admin);
        var excluded = new[] { model.ItemIds[5], model.ItemIds[77] };
        var rank = await RankAsync(admin, model.Surface, new { features = Context, exclude = excluded, slots = 3 });
        var path = $"/v1/surfaces/{model.Surface}/decisions/{rank.GetProperty("eventId").GetString()}/explanation";

        var top20 = (await GetJsonAsync(admin, path + "?top=20")).GetProperty("ranking");
        var all = (await GetJsonAsync(admin, path + "?top=1000")).GetProperty("ranking");
        var byDefault = (await GetJsonAsync(admin, path)).GetProperty("ranking");

        // Every candidate (all 298) in the oracle's order: score descending, ties by id; no excluded item.
        var expectedOrder = model.ExpectedOrder(model.ItemIds.Except(excluded), Context);
        var allRows = all.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(298, all.GetProperty("total").GetInt32());
        Assert.Equal(expectedOrder, allRows.Select(r => r.GetProperty("itemId").GetString()));
        Assert.Equal(Enumerable.Range(1, 298), allRows.Select(r => r.GetProperty("rank").GetInt32()));
        foreach (var row in allRows)
        {
            var (mean, uncertainty, score) = model.Expected(row.GetProperty("itemId").GetString()!, Context);
            Assert.Equal(mean, row.GetProperty("mean").GetDouble(), 1e-12);
            Assert.Equal(uncertainty, row.GetProperty("uncertainty").GetDouble(), 1e-12);
            Assert.Equal(ExplanationModel.Alpha * uncertainty, row.GetProperty("explorationBonus").GetDouble(), 1e-12);
            Assert.Equal(score, row.GetProperty("score").GetDouble(), 1e-12);
        }

        // top=20 is the head of the full list (plus placed items below it); the default lists 50.
        var head = top20.GetProperty("candidates").EnumerateArray().Where(r => r.GetProperty("rank").GetInt32() <= 20).ToArray();
        Assert.Equal(expectedOrder.Take(20), head.Select(r => r.GetProperty("itemId").GetString()));
        Assert.Equal(298, top20.GetProperty("total").GetInt32());
        Assert.Equal(50, byDefault.GetProperty("top").GetInt32());
        Assert.Equal(expectedOrder.Take(50), byDefault.GetProperty("candidates").EnumerateArray()
            .Where(r => r.GetProperty("rank").GetInt32() <= 50).Select(r => r.GetProperty("itemId").GetString()));
    }

    [Fact]
    public async Task Explanation_of_a_request_with_candidates_scores_exactly_those_less_exclusions_and_unknown_ids()
    {
        var admin = factory.CreateAdminClient();
        var model = new ExplanationModel("explain-request", 60, seed: 99);
        await model.CreateAsync(admin);
        var requested = model.ItemIds.Take(20).Append("ghost").Append(model.ItemIds[0]).ToArray();
        var excluded = new[] { model.ItemIds[1], model.ItemIds[2] };
        var rank = await RankAsync(admin, model.Surface, new { features = Context, candidates = requested, exclude = excluded, slots = 2 });

        var explanation = await GetJsonAsync(admin, $"/v1/surfaces/{model.Surface}/decisions/{rank.GetProperty("eventId").GetString()}/explanation?top=1000");

        var ranking = explanation.GetProperty("ranking");
        Assert.Equal("request", ranking.GetProperty("candidateSet").GetString());
        Assert.Equal(18, ranking.GetProperty("total").GetInt32());
        var expected = model.ExpectedOrder(model.ItemIds.Take(20).Except(excluded), Context);
        Assert.Equal(expected, ranking.GetProperty("candidates").EnumerateArray().Select(r => r.GetProperty("itemId").GetString()));
        Assert.Equal(["ghost"], explanation.GetProperty("candidates").GetProperty("unknown").EnumerateArray().Select(u => u.GetString()));
    }

    [Theory]
    [InlineData("top=0", "top")]
    [InlineData("top=1001", "top")]
    [InlineData("at=yesterday", "at")]
    public async Task Explanation_with_an_invalid_query_is_400_naming_the_parameter(string query, string field)
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/explain-invalid", """{"dimension": 2}""");

        using var response = await admin.GetAsync($"/v1/surfaces/explain-invalid/decisions/any/explanation?{query}", TestContext.Current.CancellationToken);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Explanation_of_an_unknown_event_is_404_problem_details_after_searching_the_decision_log()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/explain-unknown", """{"dimension": 2}""");

        using var response = await admin.GetAsync("/v1/surfaces/explain-unknown/decisions/never-ranked/explanation", TestContext.Current.CancellationToken);

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "eventId");
        Assert.Equal("eventId", problem.GetProperty("field").GetString());
        Assert.Contains("'never-ranked'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("decision log", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ffffffff-ffff-7fff-bfff-ffffffffffff", "")]
    [InlineData("never-ranked", "?at=9999-12-31T23:59:59Z")]
    [InlineData("never-ranked", "?at=0001-01-01T00:00:00Z")]
    public async Task Explanation_of_a_crafted_event_id_or_an_extreme_at_is_a_404_not_a_server_error(string eventId, string query)
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/explain-crafted", """{"dimension": 2}""");

        using var response = await admin.GetAsync($"/v1/surfaces/explain-crafted/decisions/{eventId}/explanation{query}", TestContext.Current.CancellationToken);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "eventId");
    }

    internal static async Task<JsonElement> RankAsync(HttpClient client, string surface, object body)
    {
        using var response = await client.PostJsonAsync($"/v1/surfaces/{surface}/rank", JsonSerializer.Serialize(body));
        return await HttpAssertions.ReadJsonAsync(response);
    }

    internal static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        return await HttpAssertions.ReadJsonAsync(response);
    }
}
