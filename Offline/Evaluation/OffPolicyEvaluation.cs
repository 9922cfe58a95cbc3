using BanditServe.Offline.Estimation;
using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;
using BanditServe.Offline.RewardModel;

namespace BanditServe.Offline.Evaluation;

/// <summary>
/// Joins logged feedback with an evaluation policy (and a reward model) position-wise and runs the
/// estimators (ALGORITHMS.md 4.5). No I/O: inputs are already-read tables.
/// </summary>
public static class OffPolicyEvaluation
{
    /// <summary>Evaluates <paramref name="policy"/> on <paramref name="logs"/>.</summary>
    /// <param name="logs">Logged feedback, one row per (round, position).</param>
    /// <param name="policy">Evaluation policy; must cover every logged (round, position).</param>
    /// <param name="rewardModel">Given q̂, or null to fit the cross-fitted ridge model when an estimator needs q̂.</param>
    /// <param name="options">Job settings.</param>
    /// <param name="progress">Receives the progress of the reward model's folds, the estimators and the bootstrap; may be null.</param>
    /// <exception cref="InvalidDataException">The policy or reward model lacks a row the logs need; the message names it.</exception>
    public static EvaluationReport Evaluate(
        LoggedFeedback logs,
        EvaluationPolicy policy,
        RewardModelTable? rewardModel,
        EvaluationOptions? options = null,
        IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new EvaluationOptions();
        var needsModel = options.Estimators.Any(EstimatorNames.NeedsRewardModel);
        string source;
        Func<int, string, double>? predict = null;
        if (!needsModel)
        {
            source = "none";
        }
        else if (rewardModel is not null)
        {
            source = "table";
            predict = (row, action) => rewardModel.TryGet(logs.Key(row), action, out var q)
                ? q
                : throw new InvalidDataException(
                    $"The reward model has no qhat for {logs.Key(row)} action '{action}' (logs {logs.Describe(row)}).");
        }
        else
        {
            source = "ridge-cross-fitted";
            var model = CrossFittedRidgeRewardModel.Fit(logs, options.RewardModel with { Seed = options.Seed }, progress);
            predict = model.Predict;
        }

        var rounds = JoinRounds(logs, policy, predict);
        var bootstrap = options.BootstrapSamples > 0
            ? new BootstrapOptions(options.BootstrapSamples, options.Seed, options.BootstrapMode)
            : null;
        var estimates = OffPolicyEstimators.Estimate(options.Estimators, rounds, options.EstimatorOptions, bootstrap, progress);
        var diagnostics = WeightDiagnostics.Compute(rounds.Weights, options.EstimatorOptions.ClipThreshold);
        return new EvaluationReport(logs.Count, estimates, diagnostics, logs.Rewards.Average(), source, options);
    }

    /// <summary>
    /// Builds the per-row estimator inputs: π_e of the logged action at its (round, position), and, where
    /// <paramref name="predict"/> is given, q̂ of the logged action and q̂ under π_e.
    /// </summary>
    /// <exception cref="InvalidDataException">The policy has no distribution for a logged (round, position).</exception>
    public static OffPolicyRounds JoinRounds(LoggedFeedback logs, EvaluationPolicy policy, Func<int, string, double>? predict)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(policy);
        var n = logs.Count;
        var target = new double[n];
        var qLogged = predict is null ? null : new double[n];
        var qTarget = predict is null ? null : new double[n];
        for (var i = 0; i < n; i++)
        {
            var key = logs.Key(i);
            if (!policy.TryGet(key, out var distribution))
            {
                throw new InvalidDataException($"The evaluation policy has no distribution for {key} (logs {logs.Describe(i)}).");
            }

            target[i] = distribution.ProbabilityOf(logs.Actions[i]);
            if (predict is null)
            {
                continue;
            }

            qLogged![i] = predict(i, logs.Actions[i]);
            var expected = 0.0;
            for (var k = 0; k < distribution.Actions.Count; k++)
            {
                var probability = distribution.Probabilities[k];
                if (probability > 0)
                {
                    expected += probability * predict(i, distribution.Actions[k]);
                }
            }

            qTarget![i] = expected;
        }

        return new OffPolicyRounds(logs.Rewards, logs.Propensities, target, qLogged, qTarget);
    }
}
