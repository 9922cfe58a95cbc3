using System.Text.Json;
using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Tests;

/// <summary>The server's own rank timing read from two <c>/metrics</c> scrapes and written into the report.</summary>
public sealed class ServerRankDurationTests
{
    // Two label sets (two policies), the _sum and _count lines, and another histogram whose name shares a prefix.
    private const string Before = """
        # HELP bandit_rank_duration_seconds Time to score and select items for one rank request.
        # TYPE bandit_rank_duration_seconds histogram
        bandit_rank_duration_seconds_sum{backend="cpu-simd",policy="diag-linucb"} 0.5
        bandit_rank_duration_seconds_count{backend="cpu-simd",policy="diag-linucb"} 100
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="0.0001"} 90
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="0.001"} 99
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="0.01"} 100
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="+Inf"} 100
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="0.0001"} 10
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="0.001"} 10
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="0.01"} 10
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="+Inf"} 10
        bandit_rank_duration_seconds_extra_bucket{le="0.0001"} 1000
        bandit_rank_candidates_bucket{le="1"} 5
        """;

    // 1,000 more rankings: 900 within 0.1 ms, 90 more within 1 ms, 9 more within 10 ms, 1 above.
    private const string After = """
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="0.0001"} 890
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="0.001"} 989
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="0.01"} 999
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="diag-linucb",le="+Inf"} 1000
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="0.0001"} 110
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="0.001"} 110
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="0.01"} 110
        bandit_rank_duration_seconds_bucket{backend="cpu-simd",policy="recovering-periodic",le="+Inf"} 110
        """;

    [Fact]
    public void Buckets_of_every_label_set_are_summed_and_other_metrics_are_ignored()
    {
        var histogram = CumulativeHistogram.Parse(Before, ServerRankDurationReport.MetricName)!;

        Assert.Equal([0.0001, 0.001, 0.01, double.PositiveInfinity], histogram.UpperBounds);
        Assert.Equal([100.0, 109, 110, 110], histogram.Counts);
        Assert.Null(CumulativeHistogram.Parse("process_working_set_bytes 1e9\n", ServerRankDurationReport.MetricName));
    }

    [Fact]
    public void The_window_between_two_scrapes_gives_upper_bounds_of_its_own_quantiles()
    {
        var window = CumulativeHistogram.Parse(After, ServerRankDurationReport.MetricName)!
            .Minus(CumulativeHistogram.Parse(Before, ServerRankDurationReport.MetricName)!);

        var report = ServerRankDurationReport.From(window, seconds: 20.04)!;

        Assert.Equal(1000, report.Rankings);
        Assert.Equal(20.0, report.Seconds);
        Assert.Equal(0.1, report.P50AtMostMs);
        Assert.Equal(0.1, report.P90AtMostMs);
        Assert.Equal(1, report.P99AtMostMs);
        Assert.Equal(10, report.P999AtMostMs);
        Assert.Equal(double.PositiveInfinity, window.UpperBoundOf(1));
        Assert.Null(ServerRankDurationReport.From(window.Minus(window), seconds: 1));
    }

    [Fact]
    public void The_window_starts_at_the_first_scrape_after_warm_up_and_ends_at_the_last()
    {
        static CumulativeHistogram Ranked(int fast, int slow) => CumulativeHistogram.Parse(
            $"bandit_rank_duration_seconds_bucket{{le=\"0.001\"}} {fast}\nbandit_rank_duration_seconds_bucket{{le=\"+Inf\"}} {fast + slow}\n",
            ServerRankDurationReport.MetricName)!;

        // Warm-up: 500 slow rankings; then 100 fast ones a second.
        (double, CumulativeHistogram)[] scrapes = [(0.0, Ranked(0, 0)), (1.0, Ranked(0, 500)), (2.1, Ranked(0, 500)), (3.1, Ranked(100, 500)), (4.1, Ranked(200, 500))];

        var report = ServerRankDurationReport.FromScrapes(scrapes, TimeSpan.FromSeconds(2))!;

        Assert.Equal(200, report.Rankings);
        Assert.Equal(2.0, report.Seconds);
        Assert.Equal(1, report.P99AtMostMs);
        Assert.Null(ServerRankDurationReport.FromScrapes(scrapes, TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public void The_reports_carry_the_server_side_ranking_beside_the_client_latency()
    {
        var report = Reports.Sample(p99Ms: 7.5, requests: 1000, errors: 0) with
        {
            ServerRankDuration = new ServerRankDurationReport(1000, 20, 0.08, 0.16, 0.64, 1.28),
        };

        var markdown = MarkdownReportWriter.Write(report);
        using var json = JsonDocument.Parse(JsonReportWriter.Write(report));

        Assert.Contains("**Server-side ranking** (`bandit_rank_duration_seconds`, 1,000 rankings in 20 s after warm-up", markdown, StringComparison.Ordinal);
        Assert.Contains("p50 ≤ 0.08 ms, p90 ≤ 0.16 ms, p99 ≤ 0.64 ms, p99.9 ≤ 1.28 ms", markdown, StringComparison.Ordinal);
        Assert.Equal(0.64, json.RootElement.GetProperty("serverRankDuration").GetProperty("p99AtMostMs").GetDouble());
        Assert.DoesNotContain("Server-side ranking", MarkdownReportWriter.Write(report with { ServerRankDuration = null }), StringComparison.Ordinal);
        var slowest = report with { ServerRankDuration = new ServerRankDurationReport(1000, 20, 0.08, 0.16, 0.64, double.PositiveInfinity) };
        Assert.Contains("p99.9 above the largest bucket.", MarkdownReportWriter.Write(slowest), StringComparison.Ordinal);
        Assert.Equal("Infinity", JsonDocument.Parse(JsonReportWriter.Write(slowest)).RootElement.GetProperty("serverRankDuration").GetProperty("p999AtMostMs").GetString());
    }
}
