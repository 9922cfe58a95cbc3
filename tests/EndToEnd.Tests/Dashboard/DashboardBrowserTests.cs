using System.Globalization;
using Microsoft.Playwright;

namespace BanditServe.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard in Debian's chromium (headless, driven by Playwright) against a real server with
/// live traffic: the charts must show the numbers the API reports. Screenshots go to the test output.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardServer fixture)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Fact]
    public async Task Admin_key_entered_once_is_kept_for_the_session_and_the_list_shows_live_rates()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, page) = await fixture.OpenSignedInAsync();
        await using var _ = context;
        using var traffic = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var live = fixture.RunTrafficAsync(2000, traffic.Token);
        try
        {
            // Live traffic: the decisions/s cell turns positive within a few samples.
            await Expect(page.Locator("tr[data-surface='home'] td.decisions-rate"), async cell =>
                double.TryParse(await cell.TextContentAsync(), NumberStyles.Float, Invariant, out var rate) && rate > 0);
            Assert.Equal(DashboardServer.AdminKey, await page.EvaluateAsync<string>("sessionStorage.getItem('banditserve.adminKey')"));

            // A reload keeps the session: no key form again.
            await page.ReloadAsync();
            await page.WaitForSelectorAsync("table#surfaces");
            Assert.False(await page.Locator("#login").IsVisibleAsync());
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("surfaces-live"), FullPage = true });
        }
        finally
        {
            await traffic.CancelAsync();
            await live;
        }

        // Traffic over and learned: the list converges on the API's numbers.
        await fixture.WaitUntilLearnedAsync();
        var api = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}");
        var row = page.Locator("tr[data-surface='home']");
        await Expect(row.Locator("td.model-version"), async cell => await cell.TextContentAsync() == api.GetProperty("modelVersion").GetInt64().ToString(Invariant));
        Assert.Equal(api.GetProperty("itemCount").GetInt32().ToString(Invariant), await row.Locator("td.items").TextContentAsync());
        Assert.Equal("diag-linucb", await row.Locator("td.policy").TextContentAsync());
        Assert.Equal("0.2", await row.Locator("td.exploration svg").GetAttributeAsync("data-configured"));
        Assert.Equal("recovering-periodic", await page.Locator("tr[data-surface='daily'] td.policy").TextContentAsync());
    }

    [Fact]
    public async Task Surface_page_charts_top_items_with_the_api_means_and_the_reward_rate_over_time()
    {
        await fixture.WaitUntilLearnedAsync();
        var (context, page) = await fixture.OpenSignedInAsync();
        await using var _ = context;

        await page.ClickAsync("tr[data-surface='home'] td.surface a");
        await page.WaitForSelectorAsync("#chart-top-items g.item-bar");
        var surface = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}");
        await Expect(page.Locator("#card-model-version .value"), async v => await v.TextContentAsync() == surface.GetProperty("modelVersion").GetInt64().ToString(Invariant));

        // Every active item (6 with traffic + 1 fresh) is one bar; each bar's mean is the items API's, bit for bit.
        var bars = page.Locator("#chart-top-items g.item-bar");
        Assert.Equal(DashboardServer.Items.Length + 1, await bars.CountAsync());
        var means = new List<double>();
        for (var i = 0; i < await bars.CountAsync(); i++)
        {
            var itemId = await bars.Nth(i).GetAttributeAsync("data-item-id");
            var item = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}/items/{itemId}");
            var shown = double.Parse((await bars.Nth(i).GetAttributeAsync("data-mean"))!, Invariant);
            Assert.Equal(item.GetProperty("meanReward").GetDouble(), shown);
            Assert.Equal(item.GetProperty("rewardsApplied").GetInt64().ToString(Invariant), await bars.Nth(i).GetAttributeAsync("data-rewards"));
            Assert.True(await bars.Nth(i).Locator("line.whisker").CountAsync() == 3, $"{itemId} has no uncertainty bar");
            means.Add(shown);
        }

        Assert.Equal(means.OrderDescending(), means);

        // The rate chart has drawn samples, with the rewards series as a path.
        var rateChart = page.Locator("#chart-reward-rate");
        Assert.True(int.Parse((await rateChart.GetAttributeAsync("data-points"))!, Invariant) > 0);
        Assert.StartsWith("M", await rateChart.Locator("path.series-rewards").GetAttributeAsync("d"), StringComparison.Ordinal);

        // The fresh item is listed as still exploring; the evaluation report draws its DR interval.
        Assert.Equal(1, await page.Locator($"#fresh-items tr[data-item-id='{DashboardServer.FreshItem}']").CountAsync());
        var dr = page.Locator("figure.evaluation g.estimate[data-estimator='dr']");
        Assert.Equal(EvaluationReport.DrLow, double.Parse((await dr.GetAttributeAsync("data-ci-low"))!, Invariant));
        Assert.Equal(EvaluationReport.DrHigh, double.Parse((await dr.GetAttributeAsync("data-ci-high"))!, Invariant));
        Assert.Equal(1, await dr.Locator("line.ci").CountAsync());
        Assert.False(await page.Locator("#schedule-section").IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("surface"), FullPage = true });
    }

    [Fact]
    public async Task Decision_page_explains_a_recent_decision_with_its_terms_every_candidate_and_joined_reward()
    {
        await fixture.WaitUntilLearnedAsync();
        var (context, page) = await fixture.OpenSignedInAsync();
        await using var _ = context;
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, $"/dashboard#/surfaces/{DashboardServer.Contextual}").ToString());

        // The newest decision whose reward the traffic generator saw sent (a cancelled request may have ranked unseen).
        await page.Locator("#recent-decisions tbody tr a").First.WaitForAsync();
        var links = page.Locator("#recent-decisions tbody tr a");
        string? eventId = null;
        for (var i = 0; i < await links.CountAsync() && eventId is null; i++)
        {
            var text = await links.Nth(i).TextContentAsync();
            if (text is not null && fixture.Rewards.ContainsKey(text))
            {
                eventId = text;
                await links.Nth(i).ClickAsync();
            }
        }

        Assert.NotNull(eventId);
        await page.WaitForSelectorAsync("#explanation-items");

        var rank = fixture.Decisions[eventId!];
        var rows = page.Locator("#explanation-items tbody tr");
        Assert.Equal(rank.GetProperty("items").GetArrayLength(), await rows.CountAsync());
        foreach (var item in rank.GetProperty("items").EnumerateArray())
        {
            var row = page.Locator($"#explanation-items tr[data-slot='{item.GetProperty("slot").GetInt32()}']");
            Assert.Equal(item.GetProperty("itemId").GetString(), await row.GetAttributeAsync("data-item-id"));
            Assert.Equal(item.GetProperty("score").GetDouble(), double.Parse((await row.Locator("td.score").GetAttributeAsync("data-value"))!, Invariant));
            Assert.Equal(item.GetProperty("propensity").GetDouble(), double.Parse((await row.Locator("td.propensity").GetAttributeAsync("data-value"))!, Invariant));
        }

        Assert.Equal(rank.GetProperty("modelVersion").GetInt64().ToString(Invariant), await page.Locator("#explanation-model-version").TextContentAsync());
        var (itemId, reward) = fixture.Rewards[eventId!];
        var rewardRow = page.Locator($"#explanation-rewards tr[data-item-id='{itemId}'] td.reward");
        await Expect(rewardRow, async cell => double.Parse((await cell.TextContentAsync())!, Invariant) == reward);
        Assert.Equal(rank.GetProperty("items").GetArrayLength(), await page.Locator("#chart-explanation g.explained-item").CountAsync());

        // The candidate table: every requested candidate by score, with the API's numbers for the same model version.
        await page.WaitForSelectorAsync("#candidate-ranking");
        var ranking = await RankingShownAsync(page, eventId!);
        var candidates = ranking.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(DashboardServer.Items.Length, ranking.GetProperty("total").GetInt32());
        Assert.Equal(DashboardServer.Items.Order(StringComparer.Ordinal), candidates.Select(c => c.GetProperty("itemId").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(candidates.Length, await page.Locator("#candidate-ranking tbody tr").CountAsync());
        Assert.Equal(candidates.Length.ToString(Invariant), await page.Locator("#ranking-total").TextContentAsync());
        var shownScores = new List<double>();
        for (var i = 0; i < candidates.Length; i++)
        {
            var candidate = candidates[i];
            var row = page.Locator("#candidate-ranking tbody tr").Nth(i);
            Assert.Equal(candidate.GetProperty("itemId").GetString(), await row.GetAttributeAsync("data-item-id"));
            Assert.Equal((i + 1).ToString(Invariant), await row.GetAttributeAsync("data-rank"));
            Assert.Equal(candidate.GetProperty("mean").GetDouble(), CellValue(await row.Locator("td.mean").GetAttributeAsync("data-value")));
            Assert.Equal(candidate.GetProperty("uncertainty").GetDouble(), CellValue(await row.Locator("td.uncertainty").GetAttributeAsync("data-value")));
            Assert.Equal(candidate.GetProperty("explorationBonus").GetDouble(), CellValue(await row.Locator("td.bonus").GetAttributeAsync("data-value")));
            var score = CellValue(await row.Locator("td.score").GetAttributeAsync("data-value"));
            Assert.Equal(candidate.GetProperty("score").GetDouble(), score);
            Assert.Equal(candidate.GetProperty("mean").GetDouble() + (0.5 * candidate.GetProperty("uncertainty").GetDouble()), score, 12);
            shownScores.Add(score);
        }

        Assert.Equal(shownScores.OrderDescending(), shownScores);
        foreach (var item in rank.GetProperty("items").EnumerateArray())
        {
            // Placed rows are marked with their slot and the score the rank response carried.
            var row = page.Locator($"#candidate-ranking tr.placed[data-item-id='{item.GetProperty("itemId").GetString()}']");
            Assert.Equal(item.GetProperty("slot").GetInt32().ToString(Invariant), await row.Locator("td.slot").TextContentAsync());
            Assert.Equal(item.GetProperty("score").GetDouble(), CellValue(await row.Locator("td.decision-score").GetAttributeAsync("data-value")));
        }

        Assert.Equal(rank.GetProperty("items").GetArrayLength(), await page.Locator("#candidate-ranking tr.placed").CountAsync());

        // Fewer candidates listed on request: the best 2, then the placed items ranked below them.
        await page.FillAsync("#candidate-top", "2");
        await page.ClickAsync("#candidate-top-form button[type=submit]");
        await Expect(page.Locator("#ranking-shown"), async shown => await shown.TextContentAsync() == "2");
        Assert.Equal(["1", "2"], (await page.Locator("#candidate-ranking tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.rank)")).Take(2));
        await page.FillAsync("#candidate-top", "50");
        await page.ClickAsync("#candidate-top-form button[type=submit]");
        await Expect(page.Locator("#ranking-shown"), async shown => await shown.TextContentAsync() == candidates.Length.ToString(Invariant));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("decision"), FullPage = true });

        // An event the server never saw: the page says so instead of drawing stale data.
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, $"/dashboard#/surfaces/{DashboardServer.Contextual}/decisions/never-ranked").ToString());
        await page.WaitForSelectorAsync("#explanation-missing");
        Assert.Contains("never-ranked", await page.Locator("#explanation-missing").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovering_surface_page_draws_the_schedule_grid_of_the_schedule_api_and_accepts_an_uploaded_report()
    {
        var (context, page) = await fixture.OpenSignedInAsync();
        await using var _ = context;
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, $"/dashboard#/surfaces/{DashboardServer.Periodic}").ToString());
        await page.WaitForSelectorAsync("#schedule-grid");

        var grid = page.Locator("#schedule-grid");
        Assert.Equal("12", await grid.GetAttributeAsync("data-periods"));
        Assert.Equal("5", await grid.GetAttributeAsync("data-rows"));
        var featured = page.Locator("#schedule-grid rect.featured");
        var cells = new List<(long Period, string ItemId)>();
        for (var i = 0; i < await featured.CountAsync(); i++)
        {
            var period = long.Parse((await featured.Nth(i).GetAttributeAsync("data-period"))!, Invariant);
            var itemId = await featured.Nth(i).Locator("xpath=..").GetAttributeAsync("data-item-id");
            cells.Add((period, itemId!));
        }

        var first = cells.Min(c => c.Period);
        var schedule = await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Periodic}/schedule?from={first}&count=12");
        var expected = schedule.GetProperty("periods").EnumerateArray()
            .SelectMany(p => p.GetProperty("items").EnumerateArray().Select(i => (p.GetProperty("period").GetInt64(), i.GetString()!)))
            .Order().ToArray();
        Assert.Equal(expected, cells.Order().ToArray());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("schedule"), FullPage = true });

        // Upload through the page's form: the report appears with its intervals.
        var report = Path.Combine(Path.GetTempPath(), $"evaluate-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(report, EvaluationReport.Json, TestContext.Current.CancellationToken);
        try
        {
            await page.SetInputFilesAsync("#evaluation-file", report);
            await page.FillAsync("#evaluation-label", "nightly");
            await page.ClickAsync("#evaluation-form button[type=submit]");
            await page.WaitForSelectorAsync("figure.evaluation g.estimate[data-estimator='snips']");
            Assert.Contains("nightly", await page.Locator("figure.evaluation figcaption").First.TextContentAsync(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>The API's ranking for the model version the page shows (the page refreshes every 2 s; the model may move between).</summary>
    private async Task<System.Text.Json.JsonElement> RankingShownAsync(IPage page, string eventId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var ranking = (await fixture.GetJsonAsync($"/v1/surfaces/{DashboardServer.Contextual}/decisions/{eventId}/explanation?top=50")).GetProperty("ranking");
            var shown = await page.Locator("#candidate-ranking").GetAttributeAsync("data-terms-model-version");
            if (shown == ranking.GetProperty("termsModelVersion").GetInt64().ToString(Invariant))
            {
                return ranking;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the page shows terms of model version {shown}, the API {ranking.GetProperty("termsModelVersion")}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private static double CellValue(string? value) => double.Parse(value!, Invariant);

    private static string Screenshot(string name) => Path.Combine(DashboardServer.ScreenshotDirectory, name + ".png");

    /// <summary>Polls a locator until the condition holds (the page refreshes every 2 s), for at most 15 s.</summary>
    private static async Task Expect(ILocator locator, Func<ILocator, Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await locator.CountAsync() > 0 && await condition(locator)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{locator} did not show the expected value within 15 s; it shows '{(await locator.CountAsync() > 0 ? await locator.First.TextContentAsync() : "nothing")}'");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
