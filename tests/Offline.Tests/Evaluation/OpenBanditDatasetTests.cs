using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;
using BanditServe.Offline.Logs;

namespace BanditServe.Offline.Tests.Evaluation;

/// <summary>
/// Off-policy evaluation on real logged feedback: the Open Bandit Dataset men sample
/// (Saito, Aihara, Matsutani, Narita, arXiv:2008.07146; Apache License 2.0).
/// </summary>
public sealed class OpenBanditDatasetTests
{
    private static readonly EvaluationOptions Options = new()
    {
        Estimators = [Estimator.Ips, Estimator.SelfNormalizedIps, Estimator.DirectMethod, Estimator.DoublyRobust, Estimator.SelfNormalizedDoublyRobust],
        BootstrapSamples = 200,
    };

    [Fact]
    public void Uniform_policy_on_uniform_random_logs_gives_the_on_policy_click_rate()
    {
        var logs = OpenBanditDataset.Men("random");

        var report = OffPolicyEvaluation.Evaluate(logs, OpenBanditDataset.UniformPolicy(logs), rewardModel: null, Options);

        var clickRate = logs.Rewards.Average();
        Assert.Equal(10_000, report.Rounds);
        Assert.Equal(clickRate, report[Estimator.Ips].Value, 1e-12);
        Assert.Equal(clickRate, report[Estimator.SelfNormalizedIps].Value, 1e-12);
        Assert.Equal(10_000, report.Weights.EffectiveSampleSize, 1e-6);
        Assert.True(report.Weights.MeanWeightConsistent);
        Assert.False(report.Weights.Unreliable);
        Assert.Equal("ridge-cross-fitted", report.RewardModel);
        Assert.True(report[Estimator.DoublyRobust].Interval.Contains(clickRate));
        Assert.True(report[Estimator.SelfNormalizedDoublyRobust].Interval.Contains(clickRate));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("bts")]
    public void Deterministic_policy_estimates_equal_an_independent_computation_over_the_rows(string behaviorPolicy)
    {
        var logs = OpenBanditDataset.Men(behaviorPolicy);
        // A deterministic policy: at position p it always shows item (7p + 3) mod 34.
        static string Chosen(int position) => ((7 * position + 3) % OpenBanditDataset.MenItems).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var distributions = new Dictionary<RoundPosition, ActionDistribution>();
        for (var row = 0; row < logs.Count; row++)
        {
            distributions[logs.Key(row)] = new ActionDistribution([Chosen(logs.Positions[row])], [1.0]);
        }

        var report = OffPolicyEvaluation.Evaluate(logs, new EvaluationPolicy(distributions), null, Options with { Estimators = [Estimator.Ips, Estimator.SelfNormalizedIps] });

        // Independent computation straight from the rows: w = 1{logged action = policy's action} / pscore.
        double weighted = 0, weights = 0;
        var matches = 0;
        for (var row = 0; row < logs.Count; row++)
        {
            if (logs.Actions[row] == Chosen(logs.Positions[row]))
            {
                var w = 1.0 / logs.Propensities[row];
                weighted += w * logs.Rewards[row];
                weights += w;
                matches++;
            }
        }

        Assert.InRange(matches, 50, logs.Count / 2);
        Assert.Equal(weighted / logs.Count, report[Estimator.Ips].Value, 1e-12);
        Assert.Equal(weighted / weights, report[Estimator.SelfNormalizedIps].Value, 1e-12);
    }

    [Fact]
    public void Bts_logging_policy_evaluated_on_its_own_logs_gives_its_mean_click_rate()
    {
        var logs = OpenBanditDataset.Men("bts");
        // The logs record only the propensity of the shown item; the rest of the mass goes to an action never logged.
        var distributions = new Dictionary<RoundPosition, ActionDistribution>();
        for (var row = 0; row < logs.Count; row++)
        {
            var p = logs.Propensities[row];
            distributions[logs.Key(row)] = new ActionDistribution([logs.Actions[row], "not-shown"], [p, 1 - p]);
        }

        var report = OffPolicyEvaluation.Evaluate(logs, new EvaluationPolicy(distributions), null, Options with { Estimators = [Estimator.Ips] });

        Assert.Equal(logs.Rewards.Average(), report[Estimator.Ips].Value, 1e-12);
        Assert.True(report[Estimator.Ips].Interval.Contains(report.LoggedMeanReward));
    }

    [Fact]
    public void Uniform_policy_estimated_from_bts_logs_agrees_with_the_random_logs_click_rate()
    {
        // Two independent samples: IPS on the BTS logs, and the on-policy click rate of the random logs.
        var bts = OpenBanditDataset.Men("bts");
        var random = OpenBanditDataset.Men("random");
        var truth = random.Rewards.Average();
        var truthStandardError = Math.Sqrt(truth * (1 - truth) / random.Count);

        var report = OffPolicyEvaluation.Evaluate(bts, OpenBanditDataset.UniformPolicy(bts), null, Options with { Estimators = [Estimator.Ips, Estimator.SelfNormalizedIps] });

        foreach (var estimate in report.Estimates)
        {
            var combined = Math.Sqrt((estimate.StandardError * estimate.StandardError) + (truthStandardError * truthStandardError));
            Assert.InRange(estimate.Value, truth - (3 * combined), truth + (3 * combined));
        }

        Assert.True(report.Weights.MaxWeight > 20, "BTS propensities are skewed, so uniform weights exceed the clip threshold somewhere.");
        Assert.True(report.Weights.EffectiveSampleSize < bts.Count / 2.0);
    }
}
