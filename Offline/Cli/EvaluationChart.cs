using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;
using ScottPlot;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Draws the estimates of an <see cref="EvaluationReport"/> as points with their reported intervals
/// (bootstrap percentile where it ran, else normal) and the logging policy's mean reward as a dashed line.
/// </summary>
public static class EvaluationChart
{
    /// <summary>The chart as PNG bytes.</summary>
    public static byte[] Png(EvaluationReport report, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var plot = new Plot();
        var level = ((1 - report.Options.EstimatorOptions.Alpha) * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        plot.Title($"Off-policy estimates over {report.Rounds} logged rows ({level}% intervals)");
        plot.YLabel("estimated policy value");
        var positions = new double[report.Estimates.Count];
        var labels = new string[report.Estimates.Count];
        for (var k = 0; k < report.Estimates.Count; k++)
        {
            var estimate = report.Estimates[k];
            positions[k] = k;
            labels[k] = EstimatorNames.NameOf(estimate.Estimator);
            var interval = plot.Add.Line(k, estimate.Interval.Low, k, estimate.Interval.High);
            interval.Color = Colors.SteelBlue;
            interval.LineWidth = 2;
        }

        var values = plot.Add.Markers(positions, [.. report.Estimates.Select(e => e.Value)]);
        values.Color = Colors.SteelBlue;
        values.MarkerSize = 9;
        values.LegendText = "estimate and interval";
        var logging = plot.Add.HorizontalLine(report.LoggedMeanReward);
        logging.LinePattern = LinePattern.Dashed;
        logging.Color = Colors.Gray;
        logging.LegendText = "logging policy (mean reward)";
        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.SetLimitsX(-0.5, report.Estimates.Count - 0.5);
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
