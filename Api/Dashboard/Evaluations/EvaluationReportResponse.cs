namespace BanditServe.Api.Dashboard.Evaluations;

/// <summary>An uploaded offline evaluation report (the JSON of <c>banditserve-offline evaluate</c>), as the dashboard keeps it.</summary>
/// <param name="ReportId">Assigned on upload.</param>
/// <param name="Surface">The surface it evaluates a candidate for.</param>
/// <param name="Label">The uploader's name for the candidate policy (query <c>label</c>); null when not given.</param>
/// <param name="ReceivedAt">When it was uploaded.</param>
/// <param name="Rounds">Logged rounds evaluated.</param>
/// <param name="ConfidenceLevel">The intervals' confidence level (e.g. 0.95), when the report said.</param>
/// <param name="EffectiveSampleSize">Effective sample size of the importance weights, when given.</param>
/// <param name="LoggedMeanReward">Mean reward of the logging policy, when given (the value to beat).</param>
/// <param name="Unreliable">The report's weight diagnostics flag, when given.</param>
/// <param name="Estimates">The estimates with their intervals.</param>
public sealed record EvaluationReportResponse(
    string ReportId,
    string Surface,
    string? Label,
    DateTimeOffset ReceivedAt,
    long Rounds,
    double? ConfidenceLevel,
    double? EffectiveSampleSize,
    double? LoggedMeanReward,
    bool? Unreliable,
    IReadOnlyList<EvaluationEstimateResponse> Estimates);
