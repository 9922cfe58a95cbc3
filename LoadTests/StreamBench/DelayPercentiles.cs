namespace BanditServe.LoadTests.StreamBench;

/// <summary>Percentiles of a set of delays, in milliseconds (nearest-rank).</summary>
public sealed record DelayPercentiles(double P50, double P90, double P99, double Max)
{
    /// <summary>Percentiles of <paramref name="milliseconds"/>; sorts the array in place.</summary>
    public static DelayPercentiles Of(double[] milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        ArgumentOutOfRangeException.ThrowIfZero(milliseconds.Length);
        Array.Sort(milliseconds);
        return new(Rank(milliseconds, 0.50), Rank(milliseconds, 0.90), Rank(milliseconds, 0.99), milliseconds[^1]);
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
