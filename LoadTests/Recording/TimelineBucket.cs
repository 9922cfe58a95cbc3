using HdrHistogram;

namespace BanditServe.LoadTests.Recording;

/// <summary>One second of a run (by intended send time): requests, errors and their latencies.</summary>
public sealed class TimelineBucket
{
    // Two significant digits keep a bucket near 30 KB, enough for a chart.
    private readonly LongConcurrentHistogram _latencies = new(LatencyScale.LowestMicroseconds, LatencyScale.HighestMicroseconds, 2);
    private long _requests;
    private long _errors;

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errors);

    public HistogramBase Latencies => _latencies;

    public void Record(long microseconds, OperationOutcome outcome)
    {
        Interlocked.Increment(ref _requests);
        if (!outcome.IsSuccess)
        {
            Interlocked.Increment(ref _errors);
        }

        if (outcome.HasResponse)
        {
            _latencies.RecordValue(microseconds);
        }
    }
}
