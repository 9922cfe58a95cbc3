using System.Text.Json;
using BanditServe.LoadTests.Cli;
using BanditServe.LoadTests.Runs;
using BanditServe.LoadTests.Running;
using BanditServe.LoadTests.Scenarios;

namespace BanditServe.LoadTests.Tests;

/// <summary>Short real runs (HTTP over 127.0.0.1) against the tool's own bare Kestrel endpoint.</summary>
public sealed class BaselineRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("loadtests-").FullName;

    [Fact]
    public async Task A_short_rank_run_against_the_baseline_completes_without_errors_and_writes_its_reports()
    {
        // Arrange
        var prefix = Path.Combine(_directory, "rank");
        var output = new StringWriter();
        var error = new StringWriter();

        // Act: 2.5 s at 200/s, the first 0.5 s warm-up.
        var exitCode = await LoadTestCommandLine.InvokeAsync(
            ["run", "rank", "--target", "baseline", "--rate", "200", "--duration", "2s", "--warmup", "0.5s", "--catalog", "50", "--out", prefix, "--slo", "errors=0", "--slo", "p99<5s"],
            output, error, TestContext.Current.CancellationToken);

        // Assert
        Assert.True(exitCode == ExitCodes.Passed, error.ToString());
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(prefix + ".json", TestContext.Current.CancellationToken));
        var rank = json.RootElement.GetProperty("kinds").EnumerateArray().Single(kind => kind.GetProperty("kind").GetString() == "rank");
        Assert.Equal(400, rank.GetProperty("requests").GetInt64());
        Assert.Equal(100, rank.GetProperty("warmupRequests").GetInt64());
        Assert.Equal(0, rank.GetProperty("errors").GetInt64());
        Assert.Equal(400, rank.GetProperty("outcomes").GetProperty("200").GetInt64());
        Assert.Equal("baseline", json.RootElement.GetProperty("target").GetString());
        Assert.Contains("| rank | 400 |", await File.ReadAllTextAsync(prefix + ".md", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(new FileInfo(prefix + ".png").Length > 2000);
        Assert.Contains("| rank | 400 |", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missed_objective_makes_the_run_exit_with_code_2()
    {
        var error = new StringWriter();

        var exitCode = await LoadTestCommandLine.InvokeAsync(
            ["run", "rank", "--target", "baseline", "--connections", "2", "--duration", "1s", "--warmup", "0s", "--catalog", "10", "--out", Path.Combine(_directory, "missed"), "--slo", "p99<1us"],
            new StringWriter(), error, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.ObjectiveMissed, exitCode);
        Assert.Contains("objectives missed: p99<1us", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.1.2.3:8080")]
    [InlineData("http://example.com")]
    public async Task A_target_other_than_127_0_0_1_is_refused_before_anything_is_sent(string url)
    {
        var error = new StringWriter();

        var exitCode = await LoadTestCommandLine.InvokeAsync(
            ["run", "rank", "--url", url, "--rate", "10", "--duration", "1s", "--out", Path.Combine(_directory, "refused")],
            new StringWriter(), error, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Failed, exitCode);
        Assert.Contains("only targets 127.0.0.1", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "refused.json")));
    }

    [Fact]
    public async Task Rank_reward_posts_a_reward_for_every_shown_item_when_the_share_is_one()
    {
        var request = new LoadTestRequest
        {
            Scenario = ScenarioCatalog.RankReward,
            Profile = new LoadProfile { Model = LoadModel.Open, Stages = [new Profiles.RateStage(TimeSpan.FromSeconds(1), 100, 100)] },
            Settings = new ScenarioSettings { CatalogSize = 20, Slots = 3, RewardShare = 1.0 },
        };

        var report = await LoadTestRun.ExecuteAsync(request, TextWriter.Null, TestContext.Current.CancellationToken);

        var rank = report.Kinds.Single(kind => kind.Kind == RankOperation.KindName);
        var reward = report.Kinds.Single(kind => kind.Kind == RankRewardOperation.RewardKind);
        Assert.Equal(100, rank.Requests);
        Assert.Equal(300, reward.Requests);
        Assert.Equal(300, reward.Outcomes["202"]);
    }

    [Fact]
    public async Task Mixed_churns_items_and_rewards_while_ranking()
    {
        var request = new LoadTestRequest
        {
            Scenario = ScenarioCatalog.Mixed,
            Profile = new LoadProfile { Model = LoadModel.Open, Stages = [new Profiles.RateStage(TimeSpan.FromSeconds(1), 200, 200)] },
            Settings = new ScenarioSettings { CatalogSize = 20, Slots = 2, MixWeights = [0.5, 0.25, 0, 0.25] },
        };

        var report = await LoadTestRun.ExecuteAsync(request, TextWriter.Null, TestContext.Current.CancellationToken);

        var kinds = report.Kinds.ToDictionary(kind => kind.Kind);
        Assert.Equal(200, kinds[RankOperation.KindName].Requests + kinds[ItemChurnOperation.KindName].Requests);
        Assert.InRange(kinds[ItemChurnOperation.KindName].Requests, 20, 80);
        Assert.True(kinds[RankRewardOperation.RewardKind].Requests > 0);
        Assert.All(report.Kinds, kind => Assert.Equal(0, kind.Errors));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
