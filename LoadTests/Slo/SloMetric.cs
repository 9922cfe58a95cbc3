namespace BanditServe.LoadTests.Slo;

/// <summary>What an objective constrains.</summary>
public enum SloMetric
{
    /// <summary>A latency percentile (<see cref="ServiceLevelObjective.Percentile"/>), in milliseconds.</summary>
    LatencyPercentile,

    /// <summary>The largest latency, in milliseconds.</summary>
    MaxLatency,

    /// <summary>The mean latency, in milliseconds.</summary>
    MeanLatency,

    /// <summary>Errors as a percentage of measured requests.</summary>
    ErrorPercent,

    /// <summary>Errors as a count.</summary>
    ErrorCount,

    /// <summary>Measured requests per second.</summary>
    Throughput,
}
