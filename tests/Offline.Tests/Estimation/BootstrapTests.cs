using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.Tests.Estimation;

/// <summary>ALGORITHMS.md 4.7 O4 and the bootstrap modes of 4.4.</summary>
public sealed class BootstrapTests
{
    [Theory]
    [InlineData(Estimator.Ips)]
    [InlineData(Estimator.SelfNormalizedIps)]
    public void Percentile_half_width_is_within_ten_percent_of_the_normal_half_width(Estimator estimator)
    {
        var log = StatisticalOracleTests.Simulate(seed: 4242, constantRewardModel: null, n: 4000);

        var result = OffPolicyEstimators.Estimate(estimator, log, bootstrap: new BootstrapOptions(2000, Seed: 99));

        var normalHalfWidth = 1.959964 * result.StandardError;
        Assert.InRange(result.BootstrapInterval!.Value.HalfWidth, 0.9 * normalHalfWidth, 1.1 * normalHalfWidth);
        Assert.True(result.BootstrapInterval.Value.Contains(result.Value));
    }

    [Fact]
    public void Same_seed_gives_identical_bounds_and_another_seed_different_ones()
    {
        var log = StatisticalOracleTests.Simulate(seed: 1, constantRewardModel: 0.45, n: 2000);
        var options = new BootstrapOptions(500, Seed: 7);

        var first = OffPolicyEstimators.Estimate(Estimator.SelfNormalizedDoublyRobust, log, bootstrap: options);
        var second = OffPolicyEstimators.Estimate(Estimator.SelfNormalizedDoublyRobust, log, bootstrap: options);
        var other = OffPolicyEstimators.Estimate(Estimator.SelfNormalizedDoublyRobust, log, bootstrap: options with { Seed = 8 });

        Assert.Equal(first.BootstrapInterval, second.BootstrapInterval);
        Assert.Equal(first.BootstrapMean, second.BootstrapMean);
        Assert.NotEqual(first.BootstrapInterval, other.BootstrapInterval);
    }

    [Fact]
    public void Both_bootstrap_modes_agree_for_mean_type_estimators_and_differ_for_ratio_ones()
    {
        var log = StatisticalOracleTests.Simulate(seed: 3, constantRewardModel: null, n: 500);
        var recompute = new BootstrapOptions(300, Seed: 5, BootstrapMode.RecomputeRatio);
        var obp = recompute with { Mode = BootstrapMode.ObpCompatible };

        Assert.Equal(
            OffPolicyEstimators.Estimate(Estimator.Ips, log, bootstrap: recompute).BootstrapInterval,
            OffPolicyEstimators.Estimate(Estimator.Ips, log, bootstrap: obp).BootstrapInterval);
        Assert.NotEqual(
            OffPolicyEstimators.Estimate(Estimator.SelfNormalizedIps, log, bootstrap: recompute).BootstrapInterval,
            OffPolicyEstimators.Estimate(Estimator.SelfNormalizedIps, log, bootstrap: obp).BootstrapInterval);
    }

    [Fact]
    public void Without_bootstrap_the_reported_interval_is_the_normal_one()
    {
        var result = OffPolicyEstimators.Estimate(Estimator.Ips, ToyLogOracleTests.ToyLog());

        Assert.Null(result.BootstrapInterval);
        Assert.Equal(result.NormalInterval, result.Interval);
    }
}
