using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.Tests.Estimation;

/// <summary>ALGORITHMS.md 4.7 O2: invariances that hold exactly on any data.</summary>
public sealed class InvarianceTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Scaling_every_propensity_leaves_snips_unchanged_and_divides_ips()
    {
        var (rewards, propensities, target, qLogged, qTarget) = RandomLog(seed: 11, n: 500);
        var scaled = propensities.Select(p => p * 0.5).ToArray();

        var original = new OffPolicyRounds(rewards, propensities, target, qLogged, qTarget);
        var rescaled = new OffPolicyRounds(rewards, scaled, target, qLogged, qTarget);

        Assert.Equal(OffPolicyEstimators.Value(Estimator.SelfNormalizedIps, original), OffPolicyEstimators.Value(Estimator.SelfNormalizedIps, rescaled), Tolerance);
        Assert.Equal(2 * OffPolicyEstimators.Value(Estimator.Ips, original), OffPolicyEstimators.Value(Estimator.Ips, rescaled), Tolerance);
    }

    [Fact]
    public void Evaluating_the_logging_policy_gives_the_mean_reward_and_full_effective_sample_size()
    {
        var (rewards, propensities, _, _, _) = RandomLog(seed: 12, n: 300);
        var onPolicy = new OffPolicyRounds(rewards, propensities, propensities);
        var mean = rewards.Average();

        Assert.Equal(mean, OffPolicyEstimators.Value(Estimator.Ips, onPolicy), Tolerance);
        Assert.Equal(mean, OffPolicyEstimators.Value(Estimator.SelfNormalizedIps, onPolicy), Tolerance);
        Assert.Equal(300, WeightDiagnostics.KishEffectiveSampleSize(onPolicy.Weights), 1e-9);
    }

    [Fact]
    public void Doubly_robust_with_a_zero_reward_model_equals_ips_round_by_round()
    {
        var (rewards, propensities, target, _, _) = RandomLog(seed: 13, n: 200);
        var zeros = new double[200];
        var log = new OffPolicyRounds(rewards, propensities, target, zeros, zeros);

        Assert.Equal(
            OffPolicyEstimators.RoundValues(Estimator.Ips, log),
            OffPolicyEstimators.RoundValues(Estimator.DoublyRobust, log));
    }

    [Fact]
    public void Limits_of_the_hyper_parameters_recover_the_base_estimators()
    {
        var (rewards, propensities, target, qLogged, qTarget) = RandomLog(seed: 14, n: 400);
        var log = new OffPolicyRounds(rewards, propensities, target, qLogged, qTarget);
        var infinite = new EstimatorOptions { ClipThreshold = double.PositiveInfinity, ShrinkageLambda = double.PositiveInfinity };

        var dm = OffPolicyEstimators.Value(Estimator.DirectMethod, log);
        var dr = OffPolicyEstimators.Value(Estimator.DoublyRobust, log);
        Assert.Equal(dm, OffPolicyEstimators.Value(Estimator.DoublyRobustWithShrinkage, log, new EstimatorOptions { ShrinkageLambda = 0 }), Tolerance);
        Assert.Equal(dr, OffPolicyEstimators.Value(Estimator.DoublyRobustWithShrinkage, log, infinite), Tolerance);
        Assert.Equal(dr, OffPolicyEstimators.Value(Estimator.SwitchDoublyRobust, log, infinite), Tolerance);
        Assert.Equal(OffPolicyEstimators.Value(Estimator.Ips, log), OffPolicyEstimators.Value(Estimator.ClippedIps, log, infinite), Tolerance);
    }

    [Fact]
    public void Clipping_below_the_largest_weight_changes_clipped_ips_and_switch_dr()
    {
        var (rewards, propensities, target, qLogged, qTarget) = RandomLog(seed: 15, n: 400);
        var log = new OffPolicyRounds(rewards, propensities, target, qLogged, qTarget);
        var tight = new EstimatorOptions { ClipThreshold = 1.0 };

        Assert.NotEqual(OffPolicyEstimators.Value(Estimator.Ips, log), OffPolicyEstimators.Value(Estimator.ClippedIps, log, tight));
        Assert.NotEqual(OffPolicyEstimators.Value(Estimator.DoublyRobust, log), OffPolicyEstimators.Value(Estimator.SwitchDoublyRobust, log, tight));
    }

    /// <summary>Three actions, logging (0.6, 0.3, 0.1), target (0.1, 0.2, 0.7), Bernoulli rewards, a noisy q̂.</summary>
    internal static (double[] Rewards, double[] Propensities, double[] Target, double[] QLogged, double[] QTarget) RandomLog(int seed, int n)
    {
        double[] logging = [0.6, 0.3, 0.1];
        double[] targetPolicy = [0.1, 0.2, 0.7];
        double[] means = [0.2, 0.5, 0.4];
        var random = new Random(seed);
        var rewards = new double[n];
        var propensities = new double[n];
        var target = new double[n];
        var qLogged = new double[n];
        var qTarget = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = random.NextDouble();
            var a = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
            rewards[i] = random.NextDouble() < means[a] ? 1 : 0;
            propensities[i] = logging[a];
            target[i] = targetPolicy[a];
            var q = means.Select(m => m + (0.1 * (random.NextDouble() - 0.5))).ToArray();
            qLogged[i] = q[a];
            qTarget[i] = (targetPolicy[0] * q[0]) + (targetPolicy[1] * q[1]) + (targetPolicy[2] * q[2]);
        }

        return (rewards, propensities, target, qLogged, qTarget);
    }
}
