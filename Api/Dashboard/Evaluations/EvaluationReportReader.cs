using System.Text.Json;

namespace BanditServe.Api.Dashboard.Evaluations;

/// <summary>
/// Reads the JSON report of <c>banditserve-offline evaluate</c> (Offline's EvaluationReportJson:
/// <c>rounds</c>, <c>estimates[{estimator, value, stdErr, ciLow, ciHigh, ciMethod}]</c>,
/// <c>effectiveSampleSize</c>, <c>loggedMeanReward</c>, <c>confidenceLevel</c>, <c>weights.unreliable</c>);
/// other fields are ignored.
/// </summary>
public static class EvaluationReportReader
{
    public const int MaxEstimates = 64;
    public const int MaxLabelLength = 128;

    /// <summary>The report's content, or the field that is missing or wrong and why.</summary>
    public static (EvaluationReportResponse? Report, string? Field, string? Problem) Read(
        JsonElement root, string reportId, string surface, string? label, DateTimeOffset receivedAt)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("body", "must be the JSON object of an evaluate report");
        }

        if (!root.TryGetProperty("rounds", out var roundsElement) || !roundsElement.TryGetInt64(out var rounds) || rounds < 0)
        {
            return Fail("rounds", "must be a whole number >= 0");
        }

        if (!root.TryGetProperty("estimates", out var estimatesElement) || estimatesElement.ValueKind != JsonValueKind.Array)
        {
            return Fail("estimates", "must be an array");
        }

        var count = estimatesElement.GetArrayLength();
        if (count is 0 or > MaxEstimates)
        {
            return Fail("estimates", $"must hold 1 to {MaxEstimates} estimates");
        }

        var estimates = new List<EvaluationEstimateResponse>(count);
        var index = 0;
        foreach (var estimate in estimatesElement.EnumerateArray())
        {
            var field = $"estimates[{index}]";
            if (estimate.ValueKind != JsonValueKind.Object)
            {
                return Fail(field, "must be an object");
            }

            if (!estimate.TryGetProperty("estimator", out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 and <= MaxLabelLength } estimator)
            {
                return Fail(field + ".estimator", $"must be a name of 1 to {MaxLabelLength} characters");
            }

            if (OptionalNumber(estimate, "value") is not { } value)
            {
                return Fail(field + ".value", "must be a finite number");
            }

            var method = estimate.TryGetProperty("ciMethod", out var methodElement) && methodElement.ValueKind == JsonValueKind.String
                ? methodElement.GetString()
                : null;
            estimates.Add(new EvaluationEstimateResponse(estimator, value, OptionalNumber(estimate, "stdErr"),
                OptionalNumber(estimate, "ciLow"), OptionalNumber(estimate, "ciHigh"), method));
            index++;
        }

        bool? unreliable = root.TryGetProperty("weights", out var weights) && weights.ValueKind == JsonValueKind.Object
            && weights.TryGetProperty("unreliable", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? flag.GetBoolean()
            : null;
        return (new EvaluationReportResponse(reportId, surface, label, receivedAt, rounds,
            OptionalNumber(root, "confidenceLevel"), OptionalNumber(root, "effectiveSampleSize"), OptionalNumber(root, "loggedMeanReward"),
            unreliable, estimates), null, null);
    }

    /// <summary>A finite number, or null when absent, null or not a number (the CLI writes null for non-finite values).</summary>
    private static double? OptionalNumber(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : null;

    private static (EvaluationReportResponse?, string?, string?) Fail(string field, string problem) => (null, field, problem);
}
