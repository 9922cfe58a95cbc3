using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;

namespace BanditServe.Offline.WarmStart;

/// <summary>The verdict of the OPE gate, with the numbers behind it.</summary>
/// <param name="Publish">True where the warm-started policy's lower confidence bound reaches the logging policy's value.</param>
/// <param name="WarmStartEstimate">The gate estimator's result for the (cross-fitted) warm-started policy.</param>
/// <param name="LoggingPolicyValue">The logging policy's on-policy value: the mean logged reward.</param>
/// <param name="Evaluation">The full evaluation report of the warm-started policy.</param>
/// <param name="Reason">One sentence with the numbers, for operators.</param>
public sealed record WarmStartGateDecision(
    bool Publish,
    EstimateResult WarmStartEstimate,
    double LoggingPolicyValue,
    EvaluationReport Evaluation,
    string Reason);
