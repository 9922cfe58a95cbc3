using System.Globalization;
using System.Text.RegularExpressions;
using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Slo;

/// <summary>
/// An objective given on the command line, e.g. <c>p99&lt;10ms</c>, <c>p99.9&lt;=50ms</c>, <c>max&lt;1s</c>,
/// <c>errors&lt;0.1%</c>, <c>errors=0</c>, <c>throughput&gt;=1000/s</c>, optionally for one request kind:
/// <c>reward:p99&lt;20ms</c>. Latencies are stored in milliseconds.
/// </summary>
public sealed partial record ServiceLevelObjective(string Text, string? Kind, SloMetric Metric, double Percentile, string Comparison, double Threshold)
{
    [GeneratedRegex(@"^(?:(?<kind>[a-z][a-z0-9-]*):)?(?<metric>p\d+(?:\.\d+)?|max|mean|errors|throughput)\s*(?<op><=|>=|<|>|=)\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>us|µs|ms|s|%|/s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <summary>Parses one objective; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static ServiceLevelObjective Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Grammar().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"--slo '{text}': expected e.g. p99<10ms, max<1s, errors<0.1%, errors=0, throughput>=1000/s (optionally prefixed by a kind: reward:p99<20ms)");
        }

        var kind = match.Groups["kind"].Success ? match.Groups["kind"].Value : null;
        var metricText = match.Groups["metric"].Value;
        var comparison = match.Groups["op"].Value;
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Success ? match.Groups["unit"].Value : "";
        switch (metricText)
        {
            case "errors" when unit == "%":
                return new ServiceLevelObjective(text, kind, SloMetric.ErrorPercent, 0, comparison, value);
            case "errors" when unit == "":
                return new ServiceLevelObjective(text, kind, SloMetric.ErrorCount, 0, comparison, value);
            case "errors":
                throw new FormatException($"--slo '{text}': errors take a percentage (errors<0.1%) or a count (errors=0)");
            case "throughput" when unit is "" or "/s":
                return new ServiceLevelObjective(text, kind, SloMetric.Throughput, 0, comparison, value);
            case "throughput":
                throw new FormatException($"--slo '{text}': throughput is in requests per second (throughput>=1000/s)");
        }

        var milliseconds = unit switch
        {
            "us" or "µs" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => throw new FormatException($"--slo '{text}': a latency needs a unit (us, ms or s)"),
        };
        if (metricText == "max")
        {
            return new ServiceLevelObjective(text, kind, SloMetric.MaxLatency, 100, comparison, milliseconds);
        }

        if (metricText == "mean")
        {
            return new ServiceLevelObjective(text, kind, SloMetric.MeanLatency, 0, comparison, milliseconds);
        }

        var percentile = double.Parse(metricText[1..], CultureInfo.InvariantCulture);
        if (percentile is <= 0 or > 100)
        {
            throw new FormatException($"--slo '{text}': the percentile must be in (0, 100]");
        }

        return new ServiceLevelObjective(text, kind, SloMetric.LatencyPercentile, percentile, comparison, milliseconds);
    }

    /// <summary>Measures the objective on a finished run (its primary kind unless the objective names one).</summary>
    /// <param name="report">The run's report.</param>
    /// <param name="percentileOf">Reads any latency percentile (ms) of a kind, for percentiles the summary does not carry.</param>
    public SloResult Evaluate(RunReport report, Func<string, double, double> percentileOf)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(percentileOf);
        var kindName = Kind ?? report.PrimaryKind;
        var kind = report.Kinds.FirstOrDefault(candidate => candidate.Kind == kindName);
        if (kind is null || kind.Requests == 0)
        {
            // An objective on something that never happened is not met: the run did not show it.
            return new SloResult(Text, kindName, Threshold, double.NaN, false);
        }

        var actual = Metric switch
        {
            SloMetric.LatencyPercentile => percentileOf(kindName, Percentile),
            SloMetric.MaxLatency => kind.Latency.MaxMs,
            SloMetric.MeanLatency => kind.Latency.MeanMs,
            SloMetric.ErrorPercent => kind.ErrorRate * 100,
            SloMetric.ErrorCount => kind.Errors,
            SloMetric.Throughput => kind.ThroughputPerSecond,
            _ => throw new InvalidOperationException($"unknown metric {Metric}"),
        };
        var passed = Comparison switch
        {
            "<" => actual < Threshold,
            "<=" => actual <= Threshold,
            ">" => actual > Threshold,
            ">=" => actual >= Threshold,
            _ => actual == Threshold,
        };
        return new SloResult(Text, kindName, Threshold, actual, passed);
    }
}
