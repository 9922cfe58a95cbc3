namespace BanditServe.LoadTests.Reporting;

/// <summary>
/// The server's working set (from its <c>/metrics</c>), sampled once a second: growth is measured
/// from the first sample after warm-up to the last one.
/// </summary>
public sealed record MemoryReport(long AfterWarmupBytes, long EndBytes, long MaxBytes, double GrowthPercent, IReadOnlyList<MemorySample> Samples);
