namespace BanditServe.LoadTests.StorageBench;

/// <summary>What one decision-log write measurement found.</summary>
/// <param name="Decisions">Decisions offered to the writer.</param>
/// <param name="Accepted">Decisions the writer buffered.</param>
/// <param name="RowsWritten">Rows counted in the decisions table afterwards.</param>
/// <param name="Dropped">Decisions the writer dropped.</param>
/// <param name="EnqueueTime">Time to enqueue them all.</param>
/// <param name="Elapsed">Time from the first enqueue until the writer had nothing pending.</param>
public sealed record DecisionLogBenchmarkResult(int Decisions, int Accepted, long RowsWritten, long Dropped, TimeSpan EnqueueTime, TimeSpan Elapsed)
{
    /// <summary>Rows written per second of <see cref="Elapsed"/>.</summary>
    public double RowsPerSecond => RowsWritten / Elapsed.TotalSeconds;
}
