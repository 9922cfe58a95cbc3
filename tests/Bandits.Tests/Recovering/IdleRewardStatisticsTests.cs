using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

public sealed class IdleRewardStatisticsTests
{
    [Fact]
    public void Upper_bound_follows_the_formula_and_unseen_idle_times_sit_at_the_maximum()
    {
        var statistics = new IdleRewardStatistics(3);
        int arm = statistics.AddArm();
        for (int k = 0; k < 100; k++)
        {
            statistics.Add(arm, 2, k < 30 ? 1.0 : 0.0);
        }

        var bounds = new double[3];
        statistics.UpperBounds(arm, t: 10, maxReward: 1.0, bounds);

        double expected = 0.3 + Math.Sqrt(2 * Math.Log(10) / 100);
        Assert.Equal(expected, bounds[1], 1e-15);
        Assert.Equal(expected, bounds[0], 1e-15); // closed from above by d = 2
        Assert.Equal(1.0, bounds[2]);
    }

    [Fact]
    public void O5_closed_bounds_are_non_decreasing_capped_and_above_the_empirical_mean()
    {
        var random = new Random(5);
        var statistics = new IdleRewardStatistics(6);
        for (int arm = 0; arm < 20; arm++)
        {
            statistics.AddArm();
            for (int k = random.Next(0, 300); k > 0; k--)
            {
                statistics.Add(arm, random.Next(1, 7), random.NextDouble());
            }
        }

        var bounds = new double[6];
        for (int arm = 0; arm < 20; arm++)
        {
            statistics.UpperBounds(arm, t: random.Next(0, 5000), maxReward: 1.0, bounds);
            for (int d = 1; d <= 6; d++)
            {
                Assert.InRange(bounds[d - 1], 0.0, 1.0);
                if (d > 1)
                {
                    Assert.True(bounds[d - 2] <= bounds[d - 1], $"arm {arm}: Ũ not monotone at d={d}");
                }

                long n = statistics.Count(arm, d);
                if (n > 0)
                {
                    Assert.True(bounds[d - 1] >= statistics.Sum(arm, d) / n, $"arm {arm}: Ũ below the mean at d={d}");
                }
            }
        }
    }

    [Fact]
    public void Doubling_is_reported_against_the_counts_of_the_last_plan()
    {
        var statistics = new IdleRewardStatistics(2);
        int arm = statistics.AddArm();

        Assert.False(statistics.Add(arm, 1, 1.0));
        Assert.True(statistics.Add(arm, 1, 1.0));
        statistics.MarkPlanned();
        Assert.False(statistics.Add(arm, 1, 1.0));
        Assert.True(statistics.Add(arm, 1, 1.0));
    }
}
