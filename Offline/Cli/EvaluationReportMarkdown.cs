using System.Globalization;
using System.Text;
using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;

namespace BanditServe.Offline.Cli;

/// <summary>Writes an <see cref="EvaluationReport"/> as a Markdown table for humans.</summary>
public static class EvaluationReportMarkdown
{
    /// <summary>The report as Markdown text.</summary>
    public static string Format(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var culture = CultureInfo.InvariantCulture;
        var level = ((1 - report.Options.EstimatorOptions.Alpha) * 100).ToString("0.#", culture) + "%";
        var method = report.Options.BootstrapSamples > 0
            ? $"bootstrap percentile, {report.Options.BootstrapSamples} resamples, seed {report.Options.Seed}"
            : "normal approximation";
        var text = new StringBuilder();
        text.AppendLine(culture, $"# Off-policy evaluation ({report.Rounds} logged rows)");
        text.AppendLine();
        text.AppendLine(culture, $"| estimator | value | std. error | {level} CI low | {level} CI high | t lower bound |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var e in report.Estimates)
        {
            text.AppendLine(culture,
                $"| {EstimatorNames.NameOf(e.Estimator)} | {e.Value:G6} | {e.StandardError:G4} | {e.Interval.Low:G6} | {e.Interval.High:G6} | {e.StudentTLowerBound:G6} |");
        }

        var w = report.Weights;
        text.AppendLine();
        text.AppendLine(culture, $"Intervals: {method}. Logging policy's mean reward: {report.LoggedMeanReward:G6}. Reward model: {report.RewardModel}.");
        text.AppendLine();
        text.AppendLine(culture, $"Weights: ESS {w.EffectiveSampleSize:F1} ({w.EffectiveSampleFraction:P1} of n), mean {w.MeanWeight:G4} ± {w.MeanWeightStandardError:G3}, max {w.MaxWeight:G4}, zero {w.ZeroWeightFraction:P1}, clipped mass {w.ClippedMassShare:P1}.");
        if (!w.MeanWeightConsistent)
        {
            text.AppendLine();
            text.AppendLine("**Warning:** the mean weight differs from 1 by more than 3 standard errors: check the logged propensities and the policy's support.");
        }

        if (w.Unreliable)
        {
            text.AppendLine();
            text.AppendLine("**Warning:** the effective sample size is below max(100, 1% of n); treat the estimates as unreliable.");
        }

        return text.ToString();
    }
}
