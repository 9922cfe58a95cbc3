namespace BanditServe.Api.Dashboard.Evaluations;

/// <summary>One estimator's result in an offline evaluation report.</summary>
/// <param name="Estimator">The estimator (ips, snips, dm, dr, …).</param>
/// <param name="Value">The estimated policy value.</param>
/// <param name="StdErr">Its standard error; null when the report had none.</param>
/// <param name="CiLow">Lower end of the report's confidence interval; null when not finite.</param>
/// <param name="CiHigh">Upper end of the report's confidence interval; null when not finite.</param>
/// <param name="CiMethod"><c>normal</c> or <c>bootstrap-percentile</c>, when the report said.</param>
public sealed record EvaluationEstimateResponse(string Estimator, double Value, double? StdErr, double? CiLow, double? CiHigh, string? CiMethod);
