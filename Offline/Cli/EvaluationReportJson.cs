using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Writes an <see cref="EvaluationReport"/> in the JSON shape of API.md "Offline jobs"
/// (<c>rounds</c>, <c>estimates[{estimator, value, stdErr, ciLow, ciHigh}]</c>, <c>effectiveSampleSize</c>)
/// plus extra fields.
/// </summary>
public static class EvaluationReportJson
{
    /// <summary>The report as indented UTF-8 JSON text.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(json, report);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, EvaluationReport report)
    {
        var options = report.Options;
        json.WriteStartObject();
        json.WriteNumber("rounds", report.Rounds);
        json.WriteStartArray("estimates");
        foreach (var estimate in report.Estimates)
        {
            json.WriteStartObject();
            json.WriteString("estimator", EstimatorNames.NameOf(estimate.Estimator));
            Number(json, "value", estimate.Value);
            Number(json, "stdErr", estimate.StandardError);
            Number(json, "ciLow", estimate.Interval.Low);
            Number(json, "ciHigh", estimate.Interval.High);
            json.WriteString("ciMethod", estimate.BootstrapInterval is null ? "normal" : "bootstrap-percentile");
            Number(json, "normalCiLow", estimate.NormalInterval.Low);
            Number(json, "normalCiHigh", estimate.NormalInterval.High);
            Number(json, "tLowerBound", estimate.StudentTLowerBound);
            if (estimate.BootstrapMean is { } bootstrapMean)
            {
                Number(json, "bootstrapMean", bootstrapMean);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        Number(json, "effectiveSampleSize", report.Weights.EffectiveSampleSize);
        Number(json, "loggedMeanReward", report.LoggedMeanReward);
        json.WriteString("rewardModel", report.RewardModel);
        Number(json, "clip", options.EstimatorOptions.ClipThreshold);
        json.WriteNumber("bootstrap", options.BootstrapSamples);
        json.WriteNumber("seed", options.Seed);
        Number(json, "confidenceLevel", 1 - options.EstimatorOptions.Alpha);
        json.WriteStartObject("weights");
        Number(json, "effectiveSampleFraction", report.Weights.EffectiveSampleFraction);
        Number(json, "clippedEffectiveSampleSize", report.Weights.ClippedEffectiveSampleSize);
        Number(json, "meanWeight", report.Weights.MeanWeight);
        Number(json, "meanWeightStdErr", report.Weights.MeanWeightStandardError);
        json.WriteBoolean("meanWeightConsistent", report.Weights.MeanWeightConsistent);
        Number(json, "maxWeight", report.Weights.MaxWeight);
        Number(json, "zeroWeightFraction", report.Weights.ZeroWeightFraction);
        Number(json, "clippedRowFraction", report.Weights.ClippedRowFraction);
        Number(json, "clippedMassShare", report.Weights.ClippedMassShare);
        json.WriteBoolean("unreliable", report.Weights.Unreliable);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
