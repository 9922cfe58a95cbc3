namespace BanditServe.LoadTests.Reporting;

/// <summary>One second of a run by intended send time; latencies are null when no response came back that second.</summary>
public sealed record TimelinePoint(int Second, bool Warmup, long Requests, long Errors, double? P50Ms, double? P99Ms, double? MaxMs);
