using BanditServe.LoadTests.Profiles;

namespace BanditServe.LoadTests.Tests;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void A_constant_rate_schedules_arrival_n_at_n_over_the_rate()
    {
        var schedule = new ArrivalSchedule([new RateStage(TimeSpan.FromSeconds(2), 250, 250)]);

        Assert.Equal(500, schedule.TotalArrivals);
        Assert.True(schedule.TryGetIntendedOffset(0, out var first));
        Assert.True(schedule.TryGetIntendedOffset(125, out var half));
        Assert.True(schedule.TryGetIntendedOffset(499, out var last));
        Assert.False(schedule.TryGetIntendedOffset(500, out _));
        Assert.Equal(0, first.TotalSeconds, 9);
        Assert.Equal(0.5, half.TotalSeconds, 9);
        Assert.Equal(1.996, last.TotalSeconds, 9);
    }

    [Fact]
    public void A_linear_ramp_places_arrivals_where_the_integral_of_the_rate_reaches_them()
    {
        // Rate 0 → 100/s over 10 s: N(t) = 5 t², so arrival n is due at sqrt(n / 5).
        var schedule = new ArrivalSchedule([new RateStage(TimeSpan.FromSeconds(10), 0, 100)]);

        Assert.Equal(500, schedule.TotalArrivals);
        foreach (var n in new[] { 5, 80, 245, 499 })
        {
            Assert.True(schedule.TryGetIntendedOffset(n, out var offset));
            Assert.Equal(Math.Sqrt(n / 5.0), offset.TotalSeconds, 6);
        }
    }

    [Fact]
    public void Stages_follow_one_another()
    {
        var schedule = new ArrivalSchedule([RateStage.Parse("1s@100"), RateStage.Parse("2s@10-30")]);

        Assert.Equal(140, schedule.TotalArrivals);
        Assert.True(schedule.TryGetIntendedOffset(100, out var firstOfSecondStage));
        Assert.Equal(1.0, firstOfSecondStage.TotalSeconds, 9);
        Assert.Equal(20, schedule.RateAt(TimeSpan.FromSeconds(2)), 9);
    }

    [Theory]
    [InlineData("30s@1000", 30, 1000, 1000)]
    [InlineData("500ms@10-20", 0.5, 10, 20)]
    [InlineData("2m@0-5.5", 120, 0, 5.5)]
    public void Stages_parse_from_duration_at_rate(string text, double seconds, double start, double end)
    {
        var stage = RateStage.Parse(text);

        Assert.Equal(seconds, stage.Duration.TotalSeconds, 9);
        Assert.Equal(start, stage.StartRate);
        Assert.Equal(end, stage.EndRate);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("@100")]
    [InlineData("10s@fast")]
    [InlineData("10s@-5")]
    public void Malformed_stages_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => RateStage.Parse(text));
    }
}
