using ScottPlot;

namespace BanditServe.LoadTests.Reporting;

/// <summary>
/// Draws latency over time (p50, p99, max per second of intended send time) with the request rate
/// on the right axis; a vertical line marks the end of the warm-up.
/// </summary>
public static class LatencyChartWriter
{
    public static void WritePng(RunReport report, string path, int width = 1000, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(report);
        var kind = report.Primary ?? report.Kinds.FirstOrDefault();
        using var plot = new Plot();
        plot.Title($"{report.Scenario} → {report.Target}: {report.Load}");
        plot.XLabel("seconds (intended send time)");
        plot.YLabel($"{kind?.Kind ?? "request"} latency (ms)");
        if (kind is not null && kind.Timeline.Count > 0)
        {
            var withLatency = kind.Timeline.Where(point => point.P50Ms is not null).ToArray();
            var seconds = withLatency.Select(point => (double)point.Second).ToArray();
            AddLine(plot, seconds, [.. withLatency.Select(point => point.MaxMs!.Value)], "max", Colors.LightGray);
            AddLine(plot, seconds, [.. withLatency.Select(point => point.P99Ms!.Value)], "p99", Colors.OrangeRed);
            AddLine(plot, seconds, [.. withLatency.Select(point => point.P50Ms!.Value)], "p50", Colors.SteelBlue);

            var rate = plot.Add.Scatter(
                kind.Timeline.Select(point => (double)point.Second).ToArray(),
                kind.Timeline.Select(point => (double)point.Requests).ToArray());
            rate.LegendText = "requests/s (right)";
            rate.Color = Colors.SeaGreen.WithAlpha(0.6);
            rate.MarkerSize = 0;
            rate.LinePattern = LinePattern.Dashed;
            rate.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "requests per second";
            plot.Axes.SetLimitsY(0, Math.Max(1, kind.Timeline.Max(point => point.Requests)) * 1.25, plot.Axes.Right);
        }

        if (report.WarmupSeconds > 0)
        {
            var warmup = plot.Add.VerticalLine(report.WarmupSeconds);
            warmup.LegendText = "end of warm-up";
            warmup.Color = Colors.Gray;
            warmup.LinePattern = LinePattern.Dotted;
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, width, height);
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color color)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.Color = color;
        line.MarkerSize = 0;
        line.LineWidth = 2;
    }
}
