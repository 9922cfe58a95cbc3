using BanditServe.LoadTests.Slo;

namespace BanditServe.LoadTests.Tests;

public sealed class ServiceLevelObjectiveTests
{
    [Fact]
    public void P99_below_10ms_parses_as_a_latency_percentile_in_milliseconds()
    {
        var objective = ServiceLevelObjective.Parse("p99<10ms");

        Assert.Equal(SloMetric.LatencyPercentile, objective.Metric);
        Assert.Equal(99, objective.Percentile);
        Assert.Equal("<", objective.Comparison);
        Assert.Equal(10, objective.Threshold);
        Assert.Null(objective.Kind);
    }

    [Fact]
    public void Errors_below_a_tenth_of_a_percent_parses_as_an_error_percentage()
    {
        var objective = ServiceLevelObjective.Parse("errors<0.1%");

        Assert.Equal(SloMetric.ErrorPercent, objective.Metric);
        Assert.Equal(0.1, objective.Threshold);
    }

    [Theory]
    [InlineData("p99.9<=500us", 99.9, 0.5)]
    [InlineData("p50<2s", 50, 2000)]
    [InlineData("reward:p90 < 7.5ms", 90, 7.5)]
    public void Latency_units_convert_to_milliseconds(string text, double percentile, double milliseconds)
    {
        var objective = ServiceLevelObjective.Parse(text);

        Assert.Equal(percentile, objective.Percentile);
        Assert.Equal(milliseconds, objective.Threshold, 9);
    }

    [Fact]
    public void A_kind_prefix_names_the_request_kind()
    {
        Assert.Equal("reward", ServiceLevelObjective.Parse("reward:p99<20ms").Kind);
    }

    [Theory]
    [InlineData("p99")]
    [InlineData("p99<10")]
    [InlineData("errors<5ms")]
    [InlineData("latency<3ms")]
    [InlineData("p150<1ms")]
    [InlineData("throughput>5ms")]
    [InlineData("p99<<10ms")]
    public void Malformed_objectives_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => ServiceLevelObjective.Parse(text));
    }

    [Fact]
    public void A_p99_above_the_threshold_misses_the_objective_and_one_below_meets_it()
    {
        var report = Reports.Sample(p99Ms: 12, requests: 1000, errors: 0);

        var missed = ServiceLevelObjective.Parse("p99<10ms").Evaluate(report, (_, _) => 12);
        var met = ServiceLevelObjective.Parse("p99<15ms").Evaluate(report, (_, _) => 12);

        Assert.False(missed.Passed);
        Assert.Equal(12, missed.Actual);
        Assert.True(met.Passed);
    }

    [Fact]
    public void The_error_percentage_is_errors_over_measured_requests()
    {
        var report = Reports.Sample(p99Ms: 1, requests: 1000, errors: 2);

        var tight = ServiceLevelObjective.Parse("errors<0.1%").Evaluate(report, (_, _) => 1);
        var loose = ServiceLevelObjective.Parse("errors<=0.2%").Evaluate(report, (_, _) => 1);
        var none = ServiceLevelObjective.Parse("errors=0").Evaluate(report, (_, _) => 1);

        Assert.Equal(0.2, tight.Actual, 9);
        Assert.False(tight.Passed);
        Assert.True(loose.Passed);
        Assert.False(none.Passed);
    }

    [Fact]
    public void Throughput_objectives_compare_requests_per_second()
    {
        var report = Reports.Sample(p99Ms: 1, requests: 1000, errors: 0);

        Assert.True(ServiceLevelObjective.Parse("throughput>=90/s").Evaluate(report, (_, _) => 1).Passed);
        Assert.False(ServiceLevelObjective.Parse("throughput>=200/s").Evaluate(report, (_, _) => 1).Passed);
    }

    [Fact]
    public void An_objective_on_a_kind_that_never_ran_is_missed()
    {
        var report = Reports.Sample(p99Ms: 1, requests: 1000, errors: 0);

        var result = ServiceLevelObjective.Parse("reward:p99<10ms").Evaluate(report, (_, _) => double.NaN);

        Assert.False(result.Passed);
        Assert.Equal("reward", result.Kind);
    }

    [Fact]
    public void A_report_passes_only_when_every_objective_is_met()
    {
        var report = Reports.Sample(p99Ms: 12, requests: 1000, errors: 0);
        var results = new[] { "p99<20ms", "p99<10ms" }.Select(text => ServiceLevelObjective.Parse(text).Evaluate(report, (_, _) => 12)).ToArray();

        Assert.False((report with { Objectives = results }).Passed);
        Assert.True((report with { Objectives = [results[0]] }).Passed);
    }
}
