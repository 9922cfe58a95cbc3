namespace BanditServe.LoadTests.Reporting;

/// <summary>
/// The same load against the tool's bare Kestrel endpoint, and the server's figures as ratios of it.
/// </summary>
/// <param name="ThroughputPerSecond">Baseline requests per second.</param>
/// <param name="Latency">Baseline latencies.</param>
/// <param name="Errors">Baseline errors (should be 0).</param>
/// <param name="ThroughputRatio">Server throughput / baseline throughput (the share of the floor reached; meaningful in the closed model).</param>
/// <param name="P50Ratio">Server p50 / baseline p50 (how many times the floor's latency).</param>
/// <param name="P99Ratio">Server p99 / baseline p99.</param>
public sealed record BaselineComparison(
    double ThroughputPerSecond,
    LatencySummary Latency,
    long Errors,
    double ThroughputRatio,
    double P50Ratio,
    double P99Ratio);
