namespace BanditServe.LoadTests.Reporting;

/// <summary>The server's working set at <see cref="Second"/> seconds into the run.</summary>
public sealed record MemorySample(double Second, long WorkingSetBytes);
