using System.Globalization;
using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;
using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;
using BanditServe.Offline.RewardModel;

namespace BanditServe.Offline.WarmStart;

/// <summary>
/// The OPE gate of ALGORITHMS.md section 5 and ARCHITECTURE.md: a warm-started model is published only
/// when the lower confidence bound of its DR estimate is at least the logging policy's value.
/// </summary>
/// <remarks>
/// The policy is evaluated cross-fitted: the statistics that score a row are fitted without that row's
/// fold, so the estimate does not reward memorising the logs. At a row logged at position p the policy
/// plays the p-th item of its UCB ranking with probability 1 − ε and spreads ε uniformly over the
/// logged items, the per-slot marginal of epsilon-greedy ranking when earlier slots are ignored.
/// </remarks>
public static class WarmStartGate
{
    /// <summary>Fits cross-fitted statistics, evaluates the resulting policy and decides.</summary>
    /// <param name="logs">Logged feedback with context columns.</param>
    /// <param name="warmStart">How the statistics are fitted.</param>
    /// <param name="gate">Gate settings.</param>
    /// <param name="rewardModel">Given q̂ for every logged (round, position) and item, or null to fit the cross-fitted ridge model.</param>
    /// <param name="progress">Receives the progress of the cross-fitted fit and of the evaluation; may be null.</param>
    public static WarmStartGateDecision Decide(
        LoggedFeedback logs,
        WarmStartOptions? warmStart = null,
        WarmStartGateOptions? gate = null,
        RewardModelTable? rewardModel = null,
        IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        warmStart ??= new WarmStartOptions();
        gate ??= new WarmStartGateOptions();
        gate.Validate();
        var policy = CrossFittedPolicy(logs, warmStart, gate, progress);
        var options = new EvaluationOptions
        {
            Estimators = [gate.Estimator],
            EstimatorOptions = gate.EstimatorOptions,
            BootstrapSamples = gate.BootstrapSamples,
            Seed = gate.Seed,
            RewardModel = new RidgeRewardModelOptions { Folds = gate.Folds, Seed = gate.Seed },
        };
        var report = OffPolicyEvaluation.Evaluate(logs, policy, rewardModel, options, progress);
        var estimate = report[gate.Estimator];
        var logging = report.LoggedMeanReward;
        var publish = estimate.Interval.Low >= logging;
        var name = EstimatorNames.NameOf(gate.Estimator);
        var culture = CultureInfo.InvariantCulture;
        var reason = publish
            ? string.Create(culture, $"published: the {name} lower bound {estimate.Interval.Low:G6} of the warm-started policy (estimate {estimate.Value:G6}) is at least the logging policy's value {logging:G6}.")
            : string.Create(culture, $"refused: the {name} lower bound {estimate.Interval.Low:G6} of the warm-started policy (estimate {estimate.Value:G6}, interval [{estimate.Interval.Low:G6}, {estimate.Interval.High:G6}]) is below the logging policy's value {logging:G6}.");
        return new WarmStartGateDecision(publish, estimate, logging, report, reason);
    }

    /// <summary>
    /// The warm-started policy's action distribution at every logged (round, position), each row scored
    /// by statistics fitted without its fold.
    /// </summary>
    /// <param name="logs">Logged feedback with context columns.</param>
    /// <param name="warmStart">How the statistics are fitted.</param>
    /// <param name="gate">Serving parameters (α, ε) and the folds.</param>
    /// <param name="progress">Receives the folds fitted (stage <see cref="JobStages.WarmStartFit"/>); may be null.</param>
    public static EvaluationPolicy CrossFittedPolicy(LoggedFeedback logs, WarmStartOptions warmStart, WarmStartGateOptions gate, IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(gate);
        var rowFold = RoundFolds.Assign(logs, gate.Folds, gate.Seed, out var folds);
        var distributions = new Dictionary<RoundPosition, ActionDistribution>(logs.Count);
        var firstPosition = logs.Positions.Min();
        progress.Start(JobStages.WarmStartFit, "folds", folds);
        for (var fold = 0; fold < folds; fold++)
        {
            var heldOut = fold;
            var statistics = DiagLinUcbWarmStart.Fit(logs, warmStart, includeRow: row => rowFold[row] != heldOut);
            for (var row = 0; row < logs.Count; row++)
            {
                if (rowFold[row] == heldOut)
                {
                    distributions[logs.Key(row)] = Distribution(statistics, logs.Context(row), logs.Positions[row] - firstPosition, gate);
                }
            }

            progress?.Report(new JobProgress(JobStages.WarmStartFit, "folds", fold + 1, folds, Finished: fold + 1 == folds));
        }

        return new EvaluationPolicy(distributions);
    }

    /// <summary>
    /// ε-greedy distribution for slot <paramref name="slot"/>: the slot-th item of the UCB ranking (ties by
    /// item id, ordinal) gets <c>1 − ε + ε/|C|</c>, every other logged item <c>ε/|C|</c>.
    /// </summary>
    public static ActionDistribution Distribution(WarmStartStatistics statistics, ReadOnlySpan<double> context, int slot, WarmStartGateOptions gate)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(gate);
        var count = statistics.Items.Count;
        var scores = new double[count];
        for (var j = 0; j < count; j++)
        {
            scores[j] = statistics.Score(j, context, gate.Alpha);
        }

        var ranking = Enumerable.Range(0, count).ToArray();
        Array.Sort(ranking, (a, b) =>
        {
            var byScore = scores[b].CompareTo(scores[a]);
            return byScore != 0 ? byScore : string.CompareOrdinal(statistics.Items[a], statistics.Items[b]);
        });
        var chosen = ranking[Math.Clamp(slot, 0, count - 1)];
        var probabilities = new double[count];
        for (var j = 0; j < count; j++)
        {
            probabilities[j] = (gate.Epsilon / count) + (j == chosen ? 1 - gate.Epsilon : 0.0);
        }

        return new ActionDistribution(statistics.Items, probabilities);
    }
}
