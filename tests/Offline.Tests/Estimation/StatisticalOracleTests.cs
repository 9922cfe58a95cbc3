using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.Tests.Estimation;

/// <summary>
/// ALGORITHMS.md 4.7 O3 and O5: unbiasedness, coverage and the mean-weight diagnostic on the
/// three-action simulator (π_b = (0.6, 0.3, 0.1), π_e = (0.1, 0.2, 0.7), means (0.2, 0.5, 0.4),
/// V(π_e) = 0.40). Fixed seeds; the tolerances are the oracle's.
/// </summary>
[Trait("Category", "Statistical")]
public sealed class StatisticalOracleTests
{
    private const double Truth = 0.40;
    private const int Replications = 400;
    private const int RoundsPerReplication = 2000;

    [Fact]
    public void Ips_is_unbiased_and_its_normal_interval_covers_about_95_percent()
    {
        var estimates = new double[Replications];
        var covered = 0;
        for (var rep = 0; rep < Replications; rep++)
        {
            var log = Simulate(seed: 1000 + rep, constantRewardModel: null);
            var result = OffPolicyEstimators.Estimate(Estimator.Ips, log);
            estimates[rep] = result.Value;
            covered += result.NormalInterval.Contains(Truth) ? 1 : 0;
        }

        AssertUnbiased(estimates);
        var coverage = (double)covered / Replications;
        Assert.InRange(coverage, 0.92, 0.98);
    }

    [Fact]
    public void Doubly_robust_with_a_wrong_reward_model_stays_unbiased_while_the_direct_method_is_biased()
    {
        var dr = new double[Replications];
        var dm = new double[Replications];
        for (var rep = 0; rep < Replications; rep++)
        {
            var log = Simulate(seed: 5000 + rep, constantRewardModel: 0.5);
            dr[rep] = OffPolicyEstimators.Value(Estimator.DoublyRobust, log);
            dm[rep] = OffPolicyEstimators.Value(Estimator.DirectMethod, log);
        }

        AssertUnbiased(dr);
        Assert.Equal(0.5, dm.Average(), 1e-12);
    }

    [Theory]
    [InlineData(Estimator.SelfNormalizedIps)]
    [InlineData(Estimator.DoublyRobust)]
    public void Snips_and_doubly_robust_are_unbiased_and_their_normal_intervals_cover_about_95_percent(Estimator estimator)
    {
        // DR gets the deliberately wrong q̂ ≡ 0.5 of O3, so only its importance correction makes it unbiased.
        var estimates = new double[Replications];
        var covered = 0;
        for (var rep = 0; rep < Replications; rep++)
        {
            var log = Simulate(seed: 9000 + rep, constantRewardModel: 0.5);
            var result = OffPolicyEstimators.Estimate(estimator, log);
            estimates[rep] = result.Value;
            covered += result.NormalInterval.Contains(Truth) ? 1 : 0;
        }

        AssertUnbiased(estimates);
        Assert.InRange((double)covered / Replications, 0.92, 0.98);
    }

    [Fact]
    public void Seeded_bootstrap_percentile_intervals_cover_about_95_percent()
    {
        // 200 replications: the binomial sd of the coverage is 1.5 points, so [0.90, 0.99] is about ±3 sd.
        const int replications = 200;
        var covered = 0;
        for (var rep = 0; rep < replications; rep++)
        {
            var log = Simulate(seed: 13000 + rep, constantRewardModel: null);
            var result = OffPolicyEstimators.Estimate(Estimator.SelfNormalizedIps, log, bootstrap: new BootstrapOptions(200, Seed: rep));
            covered += result.BootstrapInterval!.Value.Contains(Truth) ? 1 : 0;
        }

        Assert.InRange((double)covered / replications, 0.90, 0.99);
    }

    [Fact]
    public void Mean_weight_check_passes_on_correct_propensities_and_fails_when_they_are_scaled()
    {
        var log = Simulate(seed: 77, constantRewardModel: null);
        var scaled = new OffPolicyRounds(
            log.Rewards.ToArray(),
            [.. log.LoggingPropensities.ToArray().Select(p => p * 0.8)],
            log.TargetProbabilities.ToArray());

        Assert.True(WeightDiagnostics.Compute(log.Weights, 20).MeanWeightConsistent);
        Assert.False(WeightDiagnostics.Compute(scaled.Weights, 20).MeanWeightConsistent);
    }

    [Fact]
    public void Equal_weights_give_full_effective_sample_size_and_one_nonzero_weight_gives_one()
    {
        Assert.Equal(50, WeightDiagnostics.KishEffectiveSampleSize(Enumerable.Repeat(0.7, 50).ToArray()), 1e-9);
        var single = new double[50];
        single[17] = 3.0;
        Assert.Equal(1, WeightDiagnostics.KishEffectiveSampleSize(single), 1e-12);
    }

    [Fact]
    public void Weight_diagnostics_report_clipped_mass_and_zero_weights()
    {
        double[] weights = [0, 0, 1, 2, 30];

        var diagnostics = WeightDiagnostics.Compute(weights, clipThreshold: 20);

        Assert.Equal(0.4, diagnostics.ZeroWeightFraction, 1e-12);
        Assert.Equal(30, diagnostics.MaxWeight);
        Assert.Equal(0.2, diagnostics.ClippedRowFraction, 1e-12);
        Assert.Equal(10.0 / 33, diagnostics.ClippedMassShare, 1e-12);
        Assert.Equal(23.0 * 23 / 405, diagnostics.ClippedEffectiveSampleSize, 1e-12);
        Assert.True(diagnostics.Unreliable);
    }

    internal static OffPolicyRounds Simulate(int seed, double? constantRewardModel, int n = RoundsPerReplication)
    {
        double[] targetPolicy = [0.1, 0.2, 0.7];
        double[] loggingPolicy = [0.6, 0.3, 0.1];
        double[] means = [0.2, 0.5, 0.4];
        var random = new Random(seed);
        var rewards = new double[n];
        var propensities = new double[n];
        var target = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            var a = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
            rewards[i] = random.NextDouble() < means[a] ? 1 : 0;
            propensities[i] = loggingPolicy[a];
            target[i] = targetPolicy[a];
        }

        if (constantRewardModel is not { } q)
        {
            return new OffPolicyRounds(rewards, propensities, target);
        }

        return new OffPolicyRounds(rewards, propensities, target, Enumerable.Repeat(q, n).ToArray(), Enumerable.Repeat(q, n).ToArray());
    }

    private static void AssertUnbiased(double[] estimates)
    {
        var mean = estimates.Average();
        var sd = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Length - 1));
        Assert.InRange(mean, Truth - (3 * sd / Math.Sqrt(estimates.Length)), Truth + (3 * sd / Math.Sqrt(estimates.Length)));
    }
}
