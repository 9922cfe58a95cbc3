using System.Net;
using System.Text;
using System.Text.Json;

namespace BanditServe.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard's admin API against a real server that learned from generated traffic.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardApiTests(DashboardServer fixture)
{
    [Fact]
    public async Task Explanation_repeats_the_rank_response_and_splits_each_score_into_mean_and_exploration_bonus()
    {
        // Arrange: a decision of the generated traffic and its reward.
        var eventId = fixture.SetupEvents[0];
        var rank = fixture.Decisions[eventId];

        // Act
        var explanation = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}/decisions/{eventId}/explanation");

        // Assert
        Assert.Equal(eventId, explanation.GetProperty("eventId").GetString());
        Assert.Equal(rank.GetProperty("modelVersion").GetInt64(), explanation.GetProperty("modelVersion").GetInt64());
        var candidates = explanation.GetProperty("candidates");
        Assert.Equal("request", candidates.GetProperty("source").GetString());
        Assert.Equal(DashboardServer.Items.Length, candidates.GetProperty("count").GetInt32());
        Assert.Equal(DashboardServer.Items, candidates.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        var ranked = rank.GetProperty("items").EnumerateArray().ToArray();
        var explained = explanation.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(ranked.Length, explained.Length);
        var exploredSlots = new List<int>();
        for (var i = 0; i < ranked.Length; i++)
        {
            Assert.Equal(ranked[i].GetProperty("itemId").GetString(), explained[i].GetProperty("itemId").GetString());
            Assert.Equal(ranked[i].GetProperty("score").GetDouble(), explained[i].GetProperty("score").GetDouble());
            Assert.Equal(ranked[i].GetProperty("propensity").GetDouble(), explained[i].GetProperty("propensity").GetDouble());
            var mean = explained[i].GetProperty("mean").GetDouble();
            var uncertainty = explained[i].GetProperty("uncertainty").GetDouble();
            Assert.Equal(0.5 * uncertainty, explained[i].GetProperty("explorationBonus").GetDouble(), 12);
            // The model scores in float32: score = mean + alpha·uncertainty to float precision (a tolerance, not
            // rounding to decimals, which fails when the two sides straddle a rounding boundary).
            var expectedScore = mean + (0.5 * uncertainty);
            Assert.Equal(expectedScore, explained[i].GetProperty("score").GetDouble(), 1e-5 * Math.Max(1, Math.Abs(expectedScore)));
            if (explained[i].GetProperty("explored").GetBoolean())
            {
                exploredSlots.Add(explained[i].GetProperty("slot").GetInt32());
            }
        }

        Assert.Equal(exploredSlots, explanation.GetProperty("exploredSlots").EnumerateArray().Select(s => s.GetInt32()));
        var reward = Assert.Single(explanation.GetProperty("rewards").EnumerateArray());
        Assert.Equal(fixture.Rewards[eventId].ItemId, reward.GetProperty("itemId").GetString());
        Assert.Equal(fixture.Rewards[eventId].Reward, reward.GetProperty("reward").GetDouble());
        Assert.False(reward.GetProperty("isDefaultReward").GetBoolean());
    }

    [Fact]
    public async Task Explanation_of_a_rank_over_the_catalog_names_the_catalog_the_exclusions_and_no_reward_yet()
    {
        var ct = TestContext.Current.CancellationToken;
        using var body = new StringContent("""{"features": [1, 0, 0, 1], "exclude": ["f"], "slots": 3}""", Encoding.UTF8, "application/json");
        using var response = await fixture.Client.PostAsync($"/v1/surfaces/{DashboardServer.Contextual}/rank", body, ct);
        var rank = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;

        var explanation = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}/decisions/{rank.GetProperty("eventId").GetString()}/explanation");

        var candidates = explanation.GetProperty("candidates");
        Assert.Equal("catalog", candidates.GetProperty("source").GetString());
        Assert.Equal(DashboardServer.Items.Length + 1, candidates.GetProperty("count").GetInt32());
        Assert.Equal(["f"], candidates.GetProperty("excluded").EnumerateArray().Select(i => i.GetString()));
        Assert.False(candidates.TryGetProperty("itemIds", out _));
        Assert.Equal(3, explanation.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain(explanation.GetProperty("items").EnumerateArray(), i => i.GetProperty("itemId").GetString() == "f");
        Assert.Empty(explanation.GetProperty("rewards").EnumerateArray());

        // The candidate table scores the active catalog less the exclusion, best first, with every placed item.
        var ranking = explanation.GetProperty("ranking");
        Assert.Equal("catalog", ranking.GetProperty("candidateSet").GetString());
        Assert.Equal(DashboardServer.Items.Length, ranking.GetProperty("total").GetInt32());
        var rows = ranking.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.DoesNotContain(rows, r => r.GetProperty("itemId").GetString() == "f");
        Assert.Contains(rows, r => r.GetProperty("itemId").GetString() == DashboardServer.FreshItem);
        var scores = rows.Select(r => r.GetProperty("score").GetDouble()).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal(3, rows.Count(r => r.TryGetProperty("slot", out _)));
    }

    [Fact]
    public async Task Explored_slots_carry_the_uniform_pick_propensity_and_exploited_ones_more()
    {
        var explanations = await Task.WhenAll(fixture.SetupEvents.Take(60).Select(eventId =>
            fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}/decisions/{eventId}/explanation")));

        var slots = explanations.SelectMany(e => e.GetProperty("items").EnumerateArray()).ToArray();
        var explored = slots.Where(s => s.GetProperty("explored").GetBoolean()).ToArray();
        Assert.NotEmpty(explored);
        Assert.Contains(slots, s => !s.GetProperty("explored").GetBoolean());
        foreach (var slot in slots)
        {
            // ALGORITHMS.md 4.2: slot k picks among m = items − k remaining; an explored pick that is not
            // also the UCB best has propensity ε/m, the best one (1 − ε) + ε/m.
            var remaining = DashboardServer.Items.Length - slot.GetProperty("slot").GetInt32();
            var uniform = DashboardServer.Epsilon / remaining;
            var propensity = slot.GetProperty("propensity").GetDouble();
            Assert.True(Math.Abs(propensity - uniform) < 1e-9 || Math.Abs(propensity - (1 - DashboardServer.Epsilon + uniform)) < 1e-9,
                $"propensity {propensity} is neither ε/m nor 1 − ε + ε/m");
            if (!slot.GetProperty("explored").GetBoolean())
            {
                Assert.Equal(1 - DashboardServer.Epsilon + uniform, propensity, 9);
            }
        }
    }

    [Fact]
    public async Task Explanation_of_an_unknown_event_is_404_problem_details_naming_the_event()
    {
        using var response = await fixture.Admin.GetAsync($"/v1/surfaces/{DashboardServer.Contextual}/decisions/no-such-event/explanation", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("eventId", problem.GetProperty("field").GetString());
        Assert.StartsWith("eventId: no explanation of event 'no-such-event'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explanation_asked_on_another_surface_than_the_one_that_decided_is_404()
    {
        var eventId = fixture.SetupEvents[0];

        using var otherSurface = await fixture.Admin.GetAsync($"/v1/surfaces/{DashboardServer.Periodic}/decisions/{eventId}/explanation", TestContext.Current.CancellationToken);
        using var unknownSurface = await fixture.Admin.GetAsync($"/v1/surfaces/nowhere/decisions/{eventId}/explanation", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, otherSurface.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSurface.StatusCode);
        Assert.Contains("surface 'nowhere' does not exist", await unknownSurface.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/dashboard/surfaces")]
    [InlineData("/v1/dashboard/surfaces/home")]
    [InlineData("/v1/dashboard/surfaces/home/evaluations")]
    public async Task Dashboard_data_needs_the_admin_key(string path)
    {
        using var anonymous = await fixture.Client.GetAsync(path, TestContext.Current.CancellationToken);
        using var admin = await fixture.Admin.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Top_items_carry_the_items_api_mean_and_follow_the_click_rates()
    {
        await fixture.WaitUntilLearnedAsync();

        var surface = await fixture.GetJsonAsync($"/v1/dashboard/surfaces/{DashboardServer.Contextual}?top=3");

        var top = surface.GetProperty("topItems").EnumerateArray().ToArray();
        Assert.Equal(3, top.Length);
        var means = top.Select(i => i.GetProperty("meanReward").GetDouble()).ToArray();
        Assert.Equal(means.OrderDescending(), means);
        foreach (var item in top)
        {
            var api = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}/items/{item.GetProperty("itemId").GetString()}");
            Assert.Equal(api.GetProperty("meanReward").GetDouble(), item.GetProperty("meanReward").GetDouble());
            Assert.Equal(api.GetProperty("rewardsApplied").GetInt64(), item.GetProperty("rewardsApplied").GetInt64());
            // The width for w_c = 1/√d from the API's own precision vector: sqrt(mean_c 1/precision_c).
            var precision = api.GetProperty("precision").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            Assert.Equal(Math.Sqrt(precision.Average(p => 1 / p)), item.GetProperty("uncertainty").GetDouble(), 12);
        }

        // Seeded clicks at 0.8 / 0.6 / … : the least clicked item never tops the list.
        Assert.DoesNotContain(top, i => i.GetProperty("itemId").GetString() == "f");
    }

    [Fact]
    public async Task An_item_added_after_the_traffic_is_fresh_with_its_whole_prior_uncertainty()
    {
        var surface = await fixture.GetJsonAsync($"/v1/dashboard/surfaces/{DashboardServer.Contextual}?freshBelow=1");

        var fresh = Assert.Single(surface.GetProperty("freshItems").EnumerateArray());
        Assert.Equal(DashboardServer.FreshItem, fresh.GetProperty("itemId").GetString());
        Assert.Equal(0, fresh.GetProperty("rewardsApplied").GetInt64());
        Assert.Equal(1.0, fresh.GetProperty("uncertaintyShare").GetDouble(), 12);
        Assert.Equal(1, surface.GetProperty("freshBelow").GetInt32());
    }

    [Fact]
    public async Task Overview_counts_match_the_surfaces_api()
    {
        await fixture.WaitUntilLearnedAsync();

        var overview = await fixture.GetJsonAsync("/v1/dashboard/surfaces");
        var api = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}");

        var row = overview.GetProperty("surfaces").EnumerateArray().Single(s => s.GetProperty("surface").GetString() == DashboardServer.Contextual);
        Assert.Equal(api.GetProperty("itemCount").GetInt32(), row.GetProperty("itemCount").GetInt32());
        Assert.Equal(api.GetProperty("modelVersion").GetInt64(), row.GetProperty("modelVersion").GetInt64());
        Assert.Equal(api.GetProperty("rewardsApplied").GetInt64(), row.GetProperty("rewardsApplied").GetInt64());
        Assert.Equal(DashboardServer.Epsilon, row.GetProperty("configuredEpsilon").GetDouble());
        var rewards = fixture.Rewards.Values;
        Assert.Equal(rewards.Average(r => r.Reward), row.GetProperty("meanReward").GetDouble(), 12);
        var share = row.GetProperty("explorationShare").GetDouble();
        Assert.InRange(share, 0.0, 1.0);
        Assert.True(overview.GetProperty("consumerReady").GetBoolean());
    }

    [Fact]
    public async Task Schedule_grid_matches_the_schedule_api_period_by_period()
    {
        var grid = (await fixture.GetJsonAsync($"/v1/dashboard/surfaces/{DashboardServer.Periodic}?periods=8")).GetProperty("schedule");

        var periods = grid.GetProperty("periods").EnumerateArray().Select(p => p.GetInt64()).ToArray();
        Assert.Equal(8, periods.Length);
        var schedule = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Periodic}/schedule?from={periods[0]}&count=8");
        var rows = grid.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(5, rows.Length);
        var k = 0;
        foreach (var period in schedule.GetProperty("periods").EnumerateArray())
        {
            var expected = period.GetProperty("items").EnumerateArray().Select(i => i.GetString()).Order(StringComparer.Ordinal);
            var featured = rows.Where(r => r.GetProperty("featured")[k].GetBoolean()).Select(r => r.GetProperty("itemId").GetString()).Order(StringComparer.Ordinal);
            Assert.Equal(expected, featured);
            k++;
        }
    }

    [Fact]
    public async Task An_uploaded_evaluation_report_is_kept_with_its_intervals()
    {
        var reports = (await fixture.GetJsonAsync($"/v1/dashboard/surfaces/{DashboardServer.Contextual}/evaluations")).EnumerateArray().ToArray();

        var report = Assert.Single(reports);
        Assert.Equal("alpha-0.5", report.GetProperty("label").GetString());
        Assert.Equal(10000, report.GetProperty("rounds").GetInt64());
        Assert.Equal(0.95, report.GetProperty("confidenceLevel").GetDouble());
        var dr = report.GetProperty("estimates").EnumerateArray().Single(e => e.GetProperty("estimator").GetString() == "dr");
        Assert.Equal(EvaluationReport.DrValue, dr.GetProperty("value").GetDouble());
        Assert.Equal(EvaluationReport.DrLow, dr.GetProperty("ciLow").GetDouble());
        Assert.Equal(EvaluationReport.DrHigh, dr.GetProperty("ciHigh").GetDouble());
    }

    [Theory]
    [InlineData("""{"estimates": []}""", "rounds")]
    [InlineData("""{"rounds": 5, "estimates": []}""", "estimates")]
    [InlineData("""{"rounds": 5, "estimates": [{"estimator": "dr"}]}""", "estimates[0].value")]
    [InlineData("""{"rounds": 5, "estimates": [{"value": 1}]}""", "estimates[0].estimator")]
    [InlineData("""{"rounds": 5, "estimates": [""", "$")]
    public async Task A_malformed_evaluation_report_is_refused_naming_the_field_and_kept_nowhere(string json, string field)
    {
        var before = (await fixture.GetJsonAsync($"/v1/dashboard/surfaces/{DashboardServer.Periodic}/evaluations")).GetArrayLength();
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await fixture.Admin.PostAsync($"/v1/dashboard/surfaces/{DashboardServer.Periodic}/evaluations", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.StartsWith(field, problem.GetProperty("field").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.GetJsonAsync($"/v1/dashboard/surfaces/{DashboardServer.Periodic}/evaluations")).GetArrayLength());
    }

    [Fact]
    public async Task The_page_is_served_without_a_key_with_a_strict_content_security_policy_and_revalidates_by_etag()
    {
        using var page = await fixture.Client.GetAsync("/dashboard", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("/dashboard/dashboard.js", html, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.js");
        using var first = await fixture.Client.GetAsync("/dashboard/dashboard.js", TestContext.Current.CancellationToken);
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        using var revalidated = await fixture.Client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        using var missing = await fixture.Client.GetAsync("/dashboard/secrets.txt", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
