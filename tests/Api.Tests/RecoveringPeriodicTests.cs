using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class RecoveringPeriodicTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    /// <summary>One period a year (K = 1, d_max = 3): every request of a test falls in the same period.</summary>
    public const string YearlyConfig = """{"policy": "recovering-periodic", "epsilon": 0, "rewardWindowSeconds": 3600, "defaultReward": null, "recovery": {"periodSeconds": 31536000, "slotsPerPeriod": 1, "maxIdlePeriods": 3}}""";

    private const string Config = """{"policy": "recovering-periodic", "epsilon": 0, "rewardWindowSeconds": 3600, "defaultReward": null, "recovery": {"periodSeconds": 60, "slotsPerPeriod": 2, "maxIdlePeriods": 10, "allowClientClock": true}}""";

    [Fact]
    public async Task Rank_answers_the_periods_schedule_the_same_way_within_a_period_and_learns_rewards()
    {
        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync("/v1/surfaces/live-row", Config)).StatusCode);
        await admin.PostJsonAsync("/v1/surfaces/live-row/items:batch", """{"items": [{"itemId": "s1"}, {"itemId": "s2"}, {"itemId": "s3"}, {"itemId": "s4"}, {"itemId": "s5"}]}""");

        var now = DateTimeOffset.UtcNow;
        var period = now.ToUnixTimeSeconds() / 60;
        var at = DateTimeOffset.FromUnixTimeSeconds(period * 60 + 5).ToString("O");
        var first = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/live-row/rank", $$"""{"at": "{{at}}"}"""));
        var second = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/live-row/rank", $$"""{"at": "{{at}}"}"""));

        Assert.Equal(period, first.GetProperty("period").GetInt64());
        Assert.Equal("recovering-periodic", first.GetProperty("policy").GetString());
        var shown = first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToList();
        Assert.Equal(2, shown.Count);
        Assert.Equal(shown, second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!));
        Assert.All(first.GetProperty("items").EnumerateArray(), i => Assert.Equal(1.0, i.GetProperty("propensity").GetDouble()));

        var schedule = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/live-row/schedule?from={period}&count=3", TestContext.Current.CancellationToken));
        var periods = schedule.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal([period, period + 1, period + 2], periods.Select(p => p.GetProperty("period").GetInt64()));
        Assert.Equal(shown, periods[0].GetProperty("items").EnumerateArray().Select(i => i.GetString()!));

        var accepted = await admin.PostJsonAsync("/v1/rewards", $$"""{"eventId": "{{first.GetProperty("eventId").GetString()}}", "itemId": "{{shown[0]}}", "reward": 1}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var item = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/live-row/items/{shown[0]}", TestContext.Current.CancellationToken));
            var credited = item.GetProperty("recovery").GetProperty("curve").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64());
            if (credited == 1)
            {
                Assert.Equal(1, item.GetProperty("rewardsApplied").GetInt64());
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the reward was not credited: " + item);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Schedule_validates_count_and_refuses_diag_surfaces()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/sched-check", Config);
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/sched-check/schedule?count=1001", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "count");
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/sched-check/schedule?count=ten", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "count");
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/sched-check/schedule?from=abc", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "from");
        await admin.PutJsonAsync("/v1/surfaces/not-periodic", """{"dimension": 2}""");
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/not-periodic/schedule", TestContext.Current.CancellationToken), HttpStatusCode.BadRequest, "surface");
    }

    [Fact]
    public async Task A_client_clock_far_ahead_is_refused()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/clock-check", Config);
        var future = DateTimeOffset.UtcNow.AddDays(1).ToString("O");
        await HttpAssertions.AssertProblemAsync(await admin.PostJsonAsync("/v1/surfaces/clock-check/rank", $$"""{"at": "{{future}}"}"""), HttpStatusCode.BadRequest, "at");
    }

    [Fact]
    public async Task Schedule_answers_exactly_the_contract_fields_from_the_current_period_by_default()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/sched-shape", YearlyConfig);
        await admin.PostJsonAsync("/v1/surfaces/sched-shape/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}, {"itemId": "c"}]}""");
        var period = CurrentYearlyPeriod();

        // Act
        var schedule = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/sched-shape/schedule?from={period}&count=4", ct));
        var byDefault = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/sched-shape/schedule", ct));
        var longest = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/sched-shape/schedule?from={period}&count=1000", ct));

        // Assert: {"periods": [{"period": p, "items": [...]}, …], "planVersion": v} and nothing else.
        Assert.Equal(["periods", "planVersion"], schedule.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, schedule.GetProperty("planVersion").GetInt64());
        var periods = schedule.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal([period, period + 1, period + 2, period + 3], periods.Select(p => p.GetProperty("period").GetInt64()));
        Assert.All(periods, p => Assert.Equal(["period", "items"], p.EnumerateObject().Select(f => f.Name)));
        Assert.All(periods, p => Assert.Single(p.GetProperty("items").EnumerateArray(), i => i.ValueKind == JsonValueKind.String));
        Assert.Equal(period, byDefault.GetProperty("periods")[0].GetProperty("period").GetInt64());
        Assert.Equal(1000, longest.GetProperty("periods").GetArrayLength());
    }

    [Fact]
    public async Task Schedule_errors_are_problem_details_naming_the_field()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/sched-errors", YearlyConfig);

        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/no-such-surface/schedule", ct), HttpStatusCode.NotFound, "surface");
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/sched-errors/schedule?count=0", ct), HttpStatusCode.BadRequest, "count");
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/sched-errors/schedule?from=-1", ct), HttpStatusCode.BadRequest, "from");
        await HttpAssertions.AssertProblemAsync(await admin.GetAsync("/v1/surfaces/sched-errors/schedule?from=9223372036854775807", ct), HttpStatusCode.BadRequest, "from");
    }

    [Fact]
    public async Task Without_allowClientClock_the_client_at_is_ignored_and_the_server_period_answers()
    {
        // Arrange: 60-second periods, client clock not allowed.
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/server-clock", """{"policy": "recovering-periodic", "epsilon": 0, "recovery": {"periodSeconds": 60, "slotsPerPeriod": 1, "maxIdlePeriods": 3}}""");
        await admin.PutJsonAsync("/v1/surfaces/server-clock/items/a", """{"active": true}""");

        foreach (var at in new[] { DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(1) })
        {
            // Act
            var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;
            var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/server-clock/rank", $$"""{"at": "{{at:O}}"}"""));
            var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60;

            // Assert: the server's period, not the client's (which is a day or more away, and never refused).
            Assert.InRange(ranked.GetProperty("period").GetInt64(), before, after);
        }
    }

    [Fact]
    public async Task AllowClientClock_can_be_switched_on_a_surface_with_data_while_other_recovery_changes_conflict()
    {
        // Arrange: a surface with items and a decision, client clock off.
        var admin = factory.CreateAdminClient();
        const string Off = """{"policy": "recovering-periodic", "epsilon": 0, "recovery": {"periodSeconds": 60, "slotsPerPeriod": 1, "maxIdlePeriods": 3}}""";
        await admin.PutJsonAsync("/v1/surfaces/clock-switch", Off);
        await admin.PutJsonAsync("/v1/surfaces/clock-switch/items/a", """{"active": true}""");
        await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/clock-switch/rank", "{}"));

        // Act
        var switched = await admin.PutJsonAsync("/v1/surfaces/clock-switch", Off.Replace("\"maxIdlePeriods\": 3", "\"maxIdlePeriods\": 3, \"allowClientClock\": true", StringComparison.Ordinal));
        var resized = await admin.PutJsonAsync("/v1/surfaces/clock-switch", Off.Replace("\"slotsPerPeriod\": 1", "\"slotsPerPeriod\": 2", StringComparison.Ordinal));

        // Assert: the client's clock now decides the period; K cannot change under learned statistics.
        Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        await HttpAssertions.AssertProblemAsync(resized, HttpStatusCode.Conflict, "recovery");
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/surfaces/clock-switch/rank", $$"""{"at": "{{hourAgo:O}}"}"""));
        Assert.Equal(hourAgo.ToUnixTimeSeconds() / 60, ranked.GetProperty("period").GetInt64());
    }

    [Fact]
    public async Task Featured_items_left_unrewarded_learn_the_default_reward_at_the_idle_time_they_had()
    {
        // Arrange: a 3-second reward window and a default reward of 0.25; K = 2 of three items, d_max = 4.
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/default-reward",
            """{"policy": "recovering-periodic", "epsilon": 0, "rewardWindowSeconds": 3, "defaultReward": 0.25, "recovery": {"periodSeconds": 31536000, "slotsPerPeriod": 2, "maxIdlePeriods": 4}}""");
        await admin.PostJsonAsync("/v1/surfaces/default-reward/items:batch", """{"items": [{"itemId": "x"}, {"itemId": "y"}, {"itemId": "z"}]}""");

        // Act: two decisions in the period; only the first shown item of the second one is rewarded.
        await RankAsync(admin, "default-reward");
        var (eventId, shown) = await RankAsync(admin, "default-reward");
        Assert.Equal(2, shown.Length);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostJsonAsync("/v1/rewards", $$"""{"eventId": "{{eventId}}", "itemId": "{{shown[0]}}", "reward": 1}""")).StatusCode);

        // Assert: never featured before, so both are credited at idle d_max = 4; the rewarded one learned 1 once and 0.25 once.
        var rewarded = await WaitForCreditsAsync(admin, "default-reward", shown[0], 2);
        var unrewarded = await WaitForCreditsAsync(admin, "default-reward", shown[1], 2);
        Assert.Equal(0.625, CurvePoint(rewarded, 4).GetProperty("mean").GetDouble(), 1e-12);
        Assert.Equal(0.25, CurvePoint(unrewarded, 4).GetProperty("mean").GetDouble(), 1e-12);
        Assert.All(new[] { rewarded, unrewarded }, item => Assert.Equal(2, CurvePoint(item, 4).GetProperty("count").GetInt64()));
        var other = new[] { "x", "y", "z" }.Single(id => !shown.Contains(id));
        var never = await ItemAsync(admin, "default-reward", other);
        Assert.All(never.GetProperty("recovery").GetProperty("curve").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("count").GetInt64()));
    }

    [Fact]
    public async Task Get_item_shows_mean_and_closed_upper_bound_per_idle_period_and_the_items_cycle_in_the_current_period()
    {
        // Arrange: K = 1 of two items, d_max = 3; twenty decisions in the period, each rewarded 0.
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/item-curve", YearlyConfig);
        await admin.PostJsonAsync("/v1/surfaces/item-curve/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}]}""");
        var (period, featured) = await LearnZerosAsync(admin, "item-curve", 20);
        var idle = featured == "a" ? "b" : "a";

        // Act
        var item = await ItemAsync(admin, "item-curve", featured);
        var notPlanned = await ItemAsync(admin, "item-curve", idle);

        // Assert: credited at idle d_max = 3 (never featured before); U = 0 + sqrt(2·ln(max(t,2))/n) with t = 0 (§3.4),
        // and the closure min over d' ≥ d carries that bound down to d = 1 and 2, which have no observations.
        var recovery = item.GetProperty("recovery");
        var bound = Math.Sqrt(2 * Math.Log(2) / 20);
        Assert.Equal([1, 2, 3], recovery.GetProperty("curve").EnumerateArray().Select(p => p.GetProperty("idlePeriods").GetInt32()));
        Assert.Equal(0.0, CurvePoint(item, 3).GetProperty("mean").GetDouble());
        Assert.All(recovery.GetProperty("curve").EnumerateArray(), p => Assert.Equal(bound, p.GetProperty("upperBound").GetDouble(), 1e-12));
        Assert.False(CurvePoint(item, 1).TryGetProperty("mean", out _));
        Assert.Equal(20, item.GetProperty("rewardsApplied").GetInt64());

        // The untrained first plan features one item every period: cycle 1, offset 0, featured now.
        Assert.Equal(period, recovery.GetProperty("currentPeriod").GetInt64());
        Assert.Equal(1, recovery.GetProperty("cycleLength").GetInt32());
        Assert.Equal(0, recovery.GetProperty("offset").GetInt32());
        Assert.Equal(period, recovery.GetProperty("nextFeaturedPeriod").GetInt64());
        var unplanned = notPlanned.GetProperty("recovery");
        Assert.Equal(period, unplanned.GetProperty("currentPeriod").GetInt64());
        Assert.False(unplanned.TryGetProperty("cycleLength", out _));
        Assert.False(unplanned.TryGetProperty("offset", out _));
        Assert.All(unplanned.GetProperty("curve").EnumerateArray(), p => Assert.Equal(1.0, p.GetProperty("upperBound").GetDouble()));
    }

    [Fact]
    public async Task Exported_recovering_model_imports_with_its_statistics_and_schedule_and_only_into_the_same_recovery_settings()
    {
        // Arrange: a trained surface and an empty one with the same settings and items.
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        foreach (var surface in new[] { "rp-export", "rp-import" })
        {
            await admin.PutJsonAsync($"/v1/surfaces/{surface}", YearlyConfig);
            await admin.PostJsonAsync($"/v1/surfaces/{surface}/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}]}""");
        }

        var (period, featured) = await LearnZerosAsync(admin, "rp-export", 20);
        var exported = await (await admin.GetAsync("/v1/surfaces/rp-export/model", ct)).Content.ReadAsStringAsync(ct);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(exported).RootElement.GetProperty("recoveringPeriodicState").GetString()));

        // Act
        var imported = await admin.PutJsonAsync("/v1/surfaces/rp-import/model", exported);

        // Assert: same curve, same schedule of the served period and the forecast after it.
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal((await ItemAsync(admin, "rp-export", featured)).GetProperty("recovery").ToString(),
            (await ItemAsync(admin, "rp-import", featured)).GetProperty("recovery").ToString());
        var expected = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/rp-export/schedule?from={period}&count=6", ct));
        var actual = await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/rp-import/schedule?from={period}&count=6", ct));
        Assert.Equal(expected.ToString(), actual.ToString());

        // Another K would serve a schedule the surface is not configured for: refused, nothing changes.
        await admin.PutJsonAsync("/v1/surfaces/rp-two-slots", YearlyConfig.Replace("\"slotsPerPeriod\": 1", "\"slotsPerPeriod\": 2", StringComparison.Ordinal));
        await admin.PostJsonAsync("/v1/surfaces/rp-two-slots/items:batch", """{"items": [{"itemId": "a"}, {"itemId": "b"}]}""");
        await HttpAssertions.AssertProblemAsync(await admin.PutJsonAsync("/v1/surfaces/rp-two-slots/model", exported), HttpStatusCode.BadRequest, "recoveringPeriodicState");
        var untouched = await ItemAsync(admin, "rp-two-slots", featured);
        Assert.All(untouched.GetProperty("recovery").GetProperty("curve").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("count").GetInt64()));
        var withoutState = JsonNode.Parse(exported)!.AsObject();
        withoutState.Remove("recoveringPeriodicState");
        await HttpAssertions.AssertProblemAsync(
            await admin.PutJsonAsync("/v1/surfaces/rp-import/model", withoutState.ToJsonString()), HttpStatusCode.BadRequest, "recoveringPeriodicState");
    }

    [Fact]
    public async Task A_surface_with_a_recovery_range_beyond_the_policys_is_refused_naming_the_field()
    {
        var admin = factory.CreateAdminClient();

        var response = await admin.PutJsonAsync("/v1/surfaces/too-long-idle", """{"policy": "recovering-periodic", "epsilon": 0, "recovery": {"maxIdlePeriods": 1001}}""");

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "recovery.maxIdlePeriods");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/surfaces/too-long-idle", TestContext.Current.CancellationToken)).StatusCode);
    }

    /// <summary>The period of now under <see cref="YearlyConfig"/>.</summary>
    public static long CurrentYearlyPeriod() => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 31_536_000;

    /// <summary>Ranks <paramref name="decisions"/> times in the current period and rewards the featured item 0 each time; waits until all are learned.</summary>
    public static async Task<(long Period, string Featured)> LearnZerosAsync(HttpClient admin, string surface, int decisions)
    {
        var rewards = new List<string>();
        string? featured = null;
        long period = 0;
        for (var i = 0; i < decisions; i++)
        {
            var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync($"/v1/surfaces/{surface}/rank", "{}"));
            period = ranked.GetProperty("period").GetInt64();
            featured = ranked.GetProperty("items")[0].GetProperty("itemId").GetString()!;
            rewards.Add($$"""{"eventId": "{{ranked.GetProperty("eventId").GetString()}}", "itemId": "{{featured}}", "reward": 0}""");
        }

        var accepted = await HttpAssertions.ReadJsonAsync(
            await admin.PostJsonAsync("/v1/rewards:batch", $$"""{"rewards": [{{string.Join(", ", rewards)}}]}"""), HttpStatusCode.Accepted);
        Assert.Equal(decisions, accepted.GetProperty("accepted").GetInt32());
        await WaitForCreditsAsync(admin, surface, featured!, decisions);
        return (period, featured!);
    }

    public static async Task<JsonElement> ItemAsync(HttpClient admin, string surface, string itemId) =>
        await HttpAssertions.ReadJsonAsync(await admin.GetAsync($"/v1/surfaces/{surface}/items/{itemId}", TestContext.Current.CancellationToken));

    /// <summary>Waits until the item's recovery curve holds <paramref name="credits"/> observations in all.</summary>
    public static async Task<JsonElement> WaitForCreditsAsync(HttpClient admin, string surface, string itemId, long credits)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var item = await ItemAsync(admin, surface, itemId);
            var credited = item.GetProperty("recovery").GetProperty("curve").EnumerateArray().Sum(p => p.GetProperty("count").GetInt64());
            if (credited >= credits)
            {
                Assert.Equal(credits, credited);
                return item;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {credited} of {credits} rewards were credited: {item}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static JsonElement CurvePoint(JsonElement item, int idlePeriods) =>
        item.GetProperty("recovery").GetProperty("curve").EnumerateArray().Single(p => p.GetProperty("idlePeriods").GetInt32() == idlePeriods);

    private static async Task<(string EventId, string[] Shown)> RankAsync(HttpClient admin, string surface)
    {
        var ranked = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync($"/v1/surfaces/{surface}/rank", "{}"));
        return (ranked.GetProperty("eventId").GetString()!, [.. ranked.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)]);
    }
}
