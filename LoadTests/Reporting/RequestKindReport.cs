namespace BanditServe.LoadTests.Reporting;

/// <summary>The figures of one request kind after warm-up.</summary>
/// <param name="Kind">e.g. <c>rank</c>, <c>reward</c>, <c>kafka-reward</c>, <c>item-churn</c>.</param>
/// <param name="Requests">Measured requests (warm-up excluded).</param>
/// <param name="WarmupRequests">Requests left out as warm-up.</param>
/// <param name="Errors">Measured requests that did not succeed.</param>
/// <param name="ErrorRate">Errors / requests, 0 to 1.</param>
/// <param name="ThroughputPerSecond">Measured requests per second of measured time.</param>
/// <param name="Latency">Latencies of measured responses.</param>
/// <param name="Outcomes">Counts by HTTP status or failure name.</param>
/// <param name="Timeline">Per-second figures, warm-up included.</param>
public sealed record RequestKindReport(
    string Kind,
    long Requests,
    long WarmupRequests,
    long Errors,
    double ErrorRate,
    double ThroughputPerSecond,
    LatencySummary Latency,
    IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<TimelinePoint> Timeline);
