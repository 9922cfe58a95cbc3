namespace BanditServe.Offline.Estimation;

/// <summary>Sums, moments and percentiles in float64 with compensated summation (ALGORITHMS.md 4.6).</summary>
internal static class SampleStatistics
{
    /// <summary>Neumaier-compensated sum, so n beyond 1e7 loses no precision.</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        var compensation = 0.0;
        foreach (var value in values)
        {
            var t = sum + value;
            compensation += Math.Abs(sum) >= Math.Abs(value) ? (sum - t) + value : (value - t) + sum;
            sum = t;
        }

        return sum + compensation;
    }

    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary>Sample standard deviation with ddof = 1; 0 for a single value.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 2)
        {
            return 0.0;
        }

        var mean = Mean(values);
        var squares = 0.0;
        var compensation = 0.0;
        foreach (var value in values)
        {
            var d = value - mean;
            var term = d * d;
            var t = squares + term;
            compensation += squares >= term ? (squares - t) + term : (term - t) + squares;
            squares = t;
        }

        return Math.Sqrt(Math.Max(0.0, (squares + compensation) / (n - 1)));
    }

    /// <summary>Percentile of sorted values with NumPy's default "linear" interpolation (type 7).</summary>
    public static double PercentileOfSorted(ReadOnlySpan<double> sorted, double percent)
    {
        if (sorted.Length == 1)
        {
            return sorted[0];
        }

        var h = (sorted.Length - 1) * (percent / 100.0);
        var lower = (int)Math.Floor(h);
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return sorted[lower] + ((h - lower) * (sorted[lower + 1] - sorted[lower]));
    }
}
