using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.Evaluation;

/// <summary>The result of an offline evaluation job.</summary>
/// <param name="Rounds">Number of logged rows evaluated (one per round and position).</param>
/// <param name="Estimates">One result per requested estimator.</param>
/// <param name="Weights">Importance-weight diagnostics.</param>
/// <param name="LoggedMeanReward">On-policy value of the logging policy: the mean logged reward.</param>
/// <param name="RewardModel">Where q̂ came from: <c>table</c>, <c>ridge-cross-fitted</c>, or <c>none</c>.</param>
/// <param name="Options">The settings used.</param>
public sealed record EvaluationReport(
    int Rounds,
    IReadOnlyList<EstimateResult> Estimates,
    WeightDiagnostics Weights,
    double LoggedMeanReward,
    string RewardModel,
    EvaluationOptions Options)
{
    /// <summary>The result of <paramref name="estimator"/>; throws where it was not requested.</summary>
    public EstimateResult this[Estimator estimator] => Estimates.First(e => e.Estimator == estimator);
}
