using System.Globalization;
using System.Text;

namespace BanditServe.LoadTests.Reporting;

/// <summary>Writes a report as Markdown: the load, the machine, a table per kind, the floor and the objectives.</summary>
public static class MarkdownReportWriter
{
    public static string Write(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"# Load test: {report.Scenario} against {report.Target}"));
        text.AppendLine();
        text.AppendLine(Invariant($"- **Command:** `{report.CommandLine}`"));
        text.AppendLine(Invariant($"- **Started:** {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC, target {report.TargetUrl}"));
        text.AppendLine(Invariant($"- **Load:** {report.Model} model, {report.Load}; warm-up {report.WarmupSeconds:0.#} s excluded, {report.MeasuredSeconds:0.0} s measured"));
        if (report.Settings.Count > 0)
        {
            text.AppendLine(Invariant($"- **Settings:** {string.Join(", ", report.Settings.Select(pair => $"{pair.Key}={pair.Value}"))}"));
        }

        var machine = report.Machine;
        text.AppendLine(Invariant($"- **Machine:** {machine.ProcessorCount} cores, {machine.CpuModel ?? "unknown CPU"}, {machine.TotalMemoryGiB:0.#} GiB, {machine.OperatingSystem}, {machine.Runtime}"));
        text.AppendLine(Invariant($"- **Load average (1/5/15 min):** {Load(machine.LoadAverageAtStart)} at start, {Load(machine.LoadAverageAtEnd)} at end"));
        if (report.SendLagP99Ms is { } lag)
        {
            text.AppendLine(Invariant($"- **Dispatcher lag p99:** {lag:0.###} ms (how late the tool itself sent requests; included in the latencies)"));
        }

        text.AppendLine();
        text.AppendLine("| Kind | Requests | Throughput (/s) | p50 (ms) | p90 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | Errors | Outcomes |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var kind in report.Kinds)
        {
            var latency = kind.Latency;
            var outcomes = string.Join(", ", kind.Outcomes.Select(pair => $"{pair.Key}: {pair.Value}"));
            text.AppendLine(Invariant(
                $"| {kind.Kind} | {kind.Requests} | {kind.ThroughputPerSecond:0.#} | {latency.P50Ms:0.###} | {latency.P90Ms:0.###} | {latency.P99Ms:0.###} | {latency.P999Ms:0.###} | {latency.MaxMs:0.###} | {kind.Errors} ({kind.ErrorRate * 100:0.###} %) | {outcomes} |"));
        }

        if (report.Baseline is { } baseline)
        {
            text.AppendLine();
            text.AppendLine("## Ratio to the machine's floor (bare Kestrel endpoint, same load)");
            text.AppendLine();
            text.AppendLine("| | Throughput (/s) | p50 (ms) | p99 (ms) | Errors |");
            text.AppendLine("|---|---:|---:|---:|---:|");
            var primary = report.Primary;
            if (primary is not null)
            {
                text.AppendLine(Invariant($"| {report.Target} ({primary.Kind}) | {primary.ThroughputPerSecond:0.#} | {primary.Latency.P50Ms:0.###} | {primary.Latency.P99Ms:0.###} | {primary.Errors} |"));
            }

            text.AppendLine(Invariant($"| baseline | {baseline.ThroughputPerSecond:0.#} | {baseline.Latency.P50Ms:0.###} | {baseline.Latency.P99Ms:0.###} | {baseline.Errors} |"));
            text.AppendLine(Invariant($"| **ratio** | **{baseline.ThroughputRatio * 100:0.#} % of the floor** | {baseline.P50Ratio:0.##}× | {baseline.P99Ratio:0.##}× | |"));
        }

        if (report.Memory is { } memory)
        {
            text.AppendLine();
            text.AppendLine(Invariant(
                $"**Server memory (working set):** {Mib(memory.AfterWarmupBytes)} MiB after warm-up, {Mib(memory.EndBytes)} MiB at the end (growth {memory.GrowthPercent:0.#} %), max {Mib(memory.MaxBytes)} MiB."));
        }

        if (report.ServerRankDuration is { } ranking)
        {
            text.AppendLine();
            text.AppendLine(Invariant(
                $"**Server-side ranking** (`{ServerRankDurationReport.MetricName}`, {ranking.Rankings:N0} rankings in {ranking.Seconds:0.#} s after warm-up, bucket upper bounds): p50 {AtMost(ranking.P50AtMostMs)}, p90 {AtMost(ranking.P90AtMostMs)}, p99 {AtMost(ranking.P99AtMostMs)}, p99.9 {AtMost(ranking.P999AtMostMs)}. The rest of the latency above is HTTP, transport and queueing."));
        }

        if (report.Objectives.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Objectives");
            text.AppendLine();
            text.AppendLine("| Objective | Kind | Actual | Result |");
            text.AppendLine("|---|---|---:|---|");
            foreach (var objective in report.Objectives)
            {
                text.AppendLine(Invariant($"| `{objective.Objective}` | {objective.Kind} | {objective.Actual:0.###} | {(objective.Passed ? "met" : "**missed**")} |"));
            }
        }

        return text.ToString();
    }

    /// <summary>A quantile's bucket bound; the last bucket has none.</summary>
    private static string AtMost(double milliseconds) =>
        double.IsPositiveInfinity(milliseconds) ? "above the largest bucket" : Invariant($"≤ {milliseconds:0.###} ms");

    private static string Load(IReadOnlyList<double>? load) =>
        load is null ? "n/a" : string.Join(" / ", load.Select(value => value.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
