using System.Collections.Concurrent;
using HdrHistogram;

namespace BanditServe.LoadTests.Recording;

/// <summary>
/// Everything recorded for one kind of request (<c>rank</c>, <c>reward</c>, <c>kafka-reward</c>, …):
/// the latency histogram after warm-up, counts by outcome, and a per-second timeline.
/// </summary>
/// <remarks>
/// The histogram holds the latency of every response (errors included); failures without a
/// response are counted by outcome only.
/// </remarks>
public sealed class RequestKindRecorder(string kind, int timelineSeconds)
{
    private readonly LongConcurrentHistogram _latencies = new(LatencyScale.LowestMicroseconds, LatencyScale.HighestMicroseconds, LatencyScale.SignificantDigits);
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly TimelineBucket?[] _timeline = new TimelineBucket?[Math.Max(1, timelineSeconds)];
    private long _warmupRequests;
    private long _measuredRequests;
    private long _measuredErrors;

    public string Kind { get; } = kind;

    public HistogramBase Latencies => _latencies;

    public long WarmupRequests => Interlocked.Read(ref _warmupRequests);

    public long MeasuredRequests => Interlocked.Read(ref _measuredRequests);

    public long MeasuredErrors => Interlocked.Read(ref _measuredErrors);

    /// <summary>Measured (after warm-up) counts by outcome key.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    /// <summary>The per-second buckets; null where nothing was due that second.</summary>
    public IReadOnlyList<TimelineBucket?> Timeline => _timeline;

    public void Record(int second, bool warmup, long microseconds, OperationOutcome outcome)
    {
        var bucketIndex = Math.Clamp(second, 0, _timeline.Length - 1);
        var bucket = Volatile.Read(ref _timeline[bucketIndex]);
        if (bucket is null)
        {
            Interlocked.CompareExchange(ref _timeline[bucketIndex], new TimelineBucket(), null);
            bucket = Volatile.Read(ref _timeline[bucketIndex])!;
        }

        bucket.Record(microseconds, outcome);
        if (warmup)
        {
            Interlocked.Increment(ref _warmupRequests);
            return;
        }

        Interlocked.Increment(ref _measuredRequests);
        _outcomes.AddOrUpdate(outcome.Key, 1, static (_, count) => count + 1);
        if (!outcome.IsSuccess)
        {
            Interlocked.Increment(ref _measuredErrors);
        }

        if (outcome.HasResponse)
        {
            _latencies.RecordValue(microseconds);
        }
    }
}
