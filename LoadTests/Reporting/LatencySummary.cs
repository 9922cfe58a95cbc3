using BanditServe.LoadTests.Recording;
using HdrHistogram;

namespace BanditServe.LoadTests.Reporting;

/// <summary>Latency percentiles of one histogram, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        return new LatencySummary(
            histogram.TotalCount,
            At(histogram, 50),
            At(histogram, 90),
            At(histogram, 99),
            At(histogram, 99.9),
            LatencyScale.ToMilliseconds(histogram.GetMaxValue()),
            Math.Round(histogram.GetMean() / 1000.0, 3));
    }

    private static double At(HistogramBase histogram, double percentile) =>
        LatencyScale.ToMilliseconds(histogram.GetValueAtPercentile(percentile));
}
