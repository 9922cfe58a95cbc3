using System.Globalization;

namespace BanditServe.LoadTests.Reporting;

/// <summary>
/// A Prometheus histogram as scraped: the cumulative count at each upper bound (<c>le</c>), summed over every label
/// set (backends, policies), so a server's whole rank timing is one distribution.
/// </summary>
public sealed class CumulativeHistogram
{
    private CumulativeHistogram(double[] upperBounds, double[] counts)
    {
        UpperBounds = upperBounds;
        Counts = counts;
    }

    /// <summary>Ascending upper bounds in the metric's unit; the last is +∞.</summary>
    public IReadOnlyList<double> UpperBounds { get; }

    /// <summary>How many observations were at most the bound of the same index.</summary>
    public IReadOnlyList<double> Counts { get; }

    /// <summary>All observations (the +∞ bucket).</summary>
    public double Total => Counts.Count == 0 ? 0 : Counts[^1];

    /// <summary>
    /// Reads <c><paramref name="metric"/>_bucket{…le="x"…} n</c> lines of the text exposition format; null when there
    /// are none.
    /// </summary>
    public static CumulativeHistogram? Parse(string exposition, string metric)
    {
        var prefix = metric + "_bucket{";
        var byBound = new SortedDictionary<double, double>();
        foreach (var line in exposition.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var le = line.IndexOf("le=\"", StringComparison.Ordinal);
            var close = line.LastIndexOf('}');
            if (le < 0 || close < le)
            {
                continue;
            }

            var boundText = line[(le + 4)..];
            boundText = boundText[..boundText.IndexOf('"')];
            var bound = boundText.SequenceEqual("+Inf") ? double.PositiveInfinity : double.Parse(boundText, NumberStyles.Float, CultureInfo.InvariantCulture);
            var valueText = line[(close + 1)..].Trim();
            var space = valueText.IndexOf(' ');
            var count = double.Parse(space < 0 ? valueText : valueText[..space], NumberStyles.Float, CultureInfo.InvariantCulture);
            byBound[bound] = byBound.GetValueOrDefault(bound) + count;
        }

        return byBound.Count == 0 ? null : new CumulativeHistogram([.. byBound.Keys], [.. byBound.Values]);
    }

    /// <summary>The observations made since <paramref name="earlier"/> (same bounds expected; a bound it lacks counts as 0).</summary>
    public CumulativeHistogram Minus(CumulativeHistogram earlier)
    {
        var counts = new double[Counts.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            var at = earlier.IndexOf(UpperBounds[i]);
            counts[i] = Math.Max(0, Counts[i] - (at < 0 ? 0 : earlier.Counts[at]));
        }

        return new CumulativeHistogram([.. UpperBounds], counts);
    }

    /// <summary>
    /// The smallest upper bound at or below which at least <paramref name="quantile"/> of the observations fall: an
    /// upper estimate, as precise as the buckets; +∞ when only the last bucket reaches it, NaN without observations.
    /// </summary>
    public double UpperBoundOf(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Total <= 0)
        {
            return double.NaN;
        }

        var needed = quantile * Total;
        for (var i = 0; i < Counts.Count; i++)
        {
            if (Counts[i] >= needed)
            {
                return UpperBounds[i];
            }
        }

        return double.PositiveInfinity;
    }

    private int IndexOf(double bound)
    {
        for (var i = 0; i < UpperBounds.Count; i++)
        {
            if (UpperBounds[i].Equals(bound))
            {
                return i;
            }
        }

        return -1;
    }
}
