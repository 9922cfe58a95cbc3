using System.Globalization;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>Reads one sample from Prometheus text exposition.</summary>
public static class MetricsText
{
    /// <summary>The value of the first sample whose line starts with <paramref name="series"/> (name plus labels), or 0.</summary>
    public static double Value(string metrics, string series)
    {
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
