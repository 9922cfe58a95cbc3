using System.Net;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class RecoveringPeriodicTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
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
}
