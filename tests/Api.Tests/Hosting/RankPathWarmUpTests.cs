using System.Net;
using BanditServe.Api.Hosting;
using BanditServe.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Api.Tests.Hosting;

/// <summary>The rank path warm-up: readiness waits for it, and it keeps to its time budget.</summary>
public sealed class RankPathWarmUpTests
{
    [Fact]
    public async Task Readiness_waits_for_the_warm_up_which_ranks_a_trained_catalog()
    {
        await using var factory = new WarmUpFactory(seconds: 30);
        var ct = TestContext.Current.CancellationToken;
        var client = factory.CreateClient();
        var warmUp = factory.Services.GetRequiredService<RankPathWarmUp>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage ready;
        while ((ready = await client.GetAsync("/health/ready", ct)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "never became ready: " + await ready.Content.ReadAsStringAsync(ct));
            await Task.Delay(50, ct);
        }

        // Completion is never undone, so a ready answer means the warm-up had finished before it.
        Assert.True(warmUp.IsComplete);
        Assert.True(warmUp.Rounds >= 1);
        Assert.True(warmUp.Ranks >= warmUp.Rounds);
        var body = await HttpAssertions.ReadJsonAsync(ready);
        var check = body.GetProperty("checks").GetProperty("rank-warm-up");
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.EndsWith($"{warmUp.Ranks} ranks", check.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_warm_up_stops_at_its_budget_when_the_jit_does_not_settle_sooner()
    {
        await using var factory = new WarmUpFactory(seconds: 1);
        _ = factory.CreateClient();
        var warmUp = factory.Services.GetRequiredService<RankPathWarmUp>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!warmUp.IsComplete)
        {
            Assert.True(DateTime.UtcNow < deadline, "the warm-up never finished");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(warmUp.Rounds >= 1);
        // One round past the budget at most; a round is a few hundred ranks.
        Assert.True(warmUp.Elapsed < TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(5), $"took {warmUp.Elapsed}");
        Assert.True(warmUp.Settled || warmUp.Elapsed >= TimeSpan.FromSeconds(1), "stopped early without settling");
    }

    private sealed class WarmUpFactory(int seconds) : BanditServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [.. base.Settings.Where(setting => setting.Key != "Server:WarmUpSeconds"), new("Server:WarmUpSeconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }
}
