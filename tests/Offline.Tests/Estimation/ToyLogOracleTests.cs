using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.Tests.Estimation;

/// <summary>
/// ALGORITHMS.md 4.7 O1: n = 4, two actions, π_b = 0.5, deterministic π_e = action 0,
/// q̂(·,0) = 0.6, q̂(·,1) = 0.5, rows (a, r) = (0,1), (0,1), (0,0), (1,1). Reference numbers from
/// ../shared/algorithms/oracle_check.py.
/// </summary>
public sealed class ToyLogOracleTests
{
    private const double Tolerance = 1e-6;

    internal static OffPolicyRounds ToyLog()
    {
        int[] actions = [0, 0, 0, 1];
        double[] rewards = [1, 1, 0, 1];
        double[] q = [0.6, 0.5];
        return new OffPolicyRounds(
            rewards,
            [0.5, 0.5, 0.5, 0.5],
            [.. actions.Select(a => a == 0 ? 1.0 : 0.0)],
            [.. actions.Select(a => q[a])],
            [0.6, 0.6, 0.6, 0.6]);
    }

    [Theory]
    [InlineData(Estimator.Ips, 1.0)]
    [InlineData(Estimator.SelfNormalizedIps, 2.0 / 3)]
    [InlineData(Estimator.DirectMethod, 0.6)]
    [InlineData(Estimator.DoublyRobust, 0.7)]
    [InlineData(Estimator.SelfNormalizedDoublyRobust, 2.0 / 3)]
    [InlineData(Estimator.Replay, 2.0 / 3)]
    public void Point_estimates_match_the_hand_oracle(Estimator estimator, double expected) =>
        Assert.Equal(expected, OffPolicyEstimators.Value(estimator, ToyLog()), Tolerance);

    [Fact]
    public void Switch_doubly_robust_keeps_the_correction_where_the_weight_equals_the_threshold()
    {
        var log = ToyLog();
        Assert.Equal(0.6, OffPolicyEstimators.Value(Estimator.SwitchDoublyRobust, log, new EstimatorOptions { ClipThreshold = 1.5 }), Tolerance);
        Assert.Equal(0.7, OffPolicyEstimators.Value(Estimator.SwitchDoublyRobust, log, new EstimatorOptions { ClipThreshold = 2 }), Tolerance);
    }

    [Fact]
    public void Clipped_ips_caps_weights_at_the_threshold() =>
        Assert.Equal(0.75, OffPolicyEstimators.Value(Estimator.ClippedIps, ToyLog(), new EstimatorOptions { ClipThreshold = 1.5 }), Tolerance);

    [Fact]
    public void Doubly_robust_with_shrinkage_uses_lambda_w_over_w_squared_plus_lambda() =>
        Assert.Equal(0.62, OffPolicyEstimators.Value(Estimator.DoublyRobustWithShrinkage, ToyLog(), new EstimatorOptions { ShrinkageLambda = 1 }), Tolerance);

    [Fact]
    public void Doubly_robust_round_values_are_the_hand_values()
    {
        var psi = OffPolicyEstimators.RoundValues(Estimator.DoublyRobust, ToyLog());
        Assert.Equal([1.4, 1.4, -0.6, 0.6], psi.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Effective_sample_size_is_three() =>
        Assert.Equal(3.0, WeightDiagnostics.KishEffectiveSampleSize(ToyLog().Weights), Tolerance);

    [Fact]
    public void Ips_standard_error_normal_interval_and_t_lower_bound_match_the_oracle()
    {
        var result = OffPolicyEstimators.Estimate(Estimator.Ips, ToyLog());

        Assert.Equal(0.577350, result.StandardError, Tolerance);
        Assert.Equal(-0.1316, result.NormalInterval.Low, 1e-4);
        Assert.Equal(2.1316, result.NormalInterval.High, 1e-4);
        Assert.Equal(-0.3587, result.StudentTLowerBound, 1e-4);
    }

    [Theory]
    [InlineData(Estimator.DoublyRobust, 0.472582)]
    [InlineData(Estimator.SelfNormalizedIps, 0.272166)]
    [InlineData(Estimator.SelfNormalizedDoublyRobust, 0.314270)]
    public void Standard_errors_match_the_oracle(Estimator estimator, double expected) =>
        Assert.Equal(expected, OffPolicyEstimators.Estimate(estimator, ToyLog()).StandardError, Tolerance);

    [Fact]
    public void Estimators_that_need_a_reward_model_are_refused_without_one()
    {
        var log = new OffPolicyRounds([1, 0], [0.5, 0.5], [1, 0]);

        var error = Assert.Throws<InvalidOperationException>(() => OffPolicyEstimators.Value(Estimator.DoublyRobust, log));
        Assert.Contains("dr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_logging_propensity_is_refused() =>
        Assert.Throws<ArgumentException>(() => new OffPolicyRounds([1, 0], [0.5, 0], [1, 0]));
}
