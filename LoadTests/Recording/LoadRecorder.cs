using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace BanditServe.LoadTests.Recording;

/// <summary>
/// Collects every request of a run. Latency is <c>completed − intended</c>: the intended instant is
/// the scheduled send time in the open model (or the actual send time in the closed model and for
/// follow-up requests). Requests intended before the end of the warm-up are counted apart and
/// left out of the reported statistics.
/// </summary>
public sealed class LoadRecorder(TimeSpan warmup, TimeSpan expectedDuration)
{
    private readonly ConcurrentDictionary<string, RequestKindRecorder> _kinds = new(StringComparer.Ordinal);
    private readonly int _timelineSeconds = (int)Math.Ceiling(expectedDuration.TotalSeconds) + 60;
    private readonly LongConcurrentHistogram _sendLag = new(LatencyScale.LowestMicroseconds, LatencyScale.HighestMicroseconds, 2);
    private long _startTimestamp;
    private long _lastCompletedTimestamp;
    private long _completed;

    public TimeSpan Warmup { get; } = warmup;

    /// <summary>Stopwatch timestamp of the run's start (the first intended send).</summary>
    public long StartTimestamp => Interlocked.Read(ref _startTimestamp);

    /// <summary>Stopwatch timestamp at which the warm-up ends.</summary>
    public long WarmupEndTimestamp => StartTimestamp + (long)(Warmup.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Stopwatch timestamp of the latest completion.</summary>
    public long LastCompletedTimestamp => Interlocked.Read(ref _lastCompletedTimestamp);

    /// <summary>Completed requests of every kind, warm-up included (for live progress).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>How late the open-model dispatcher actually sent requests after their intended time.</summary>
    public HistogramBase SendLag => _sendLag;

    public IReadOnlyDictionary<string, RequestKindRecorder> Kinds => _kinds;

    public void Start(long timestamp)
    {
        Interlocked.Exchange(ref _startTimestamp, timestamp);
        Interlocked.Exchange(ref _lastCompletedTimestamp, timestamp);
    }

    /// <param name="kind">The request kind.</param>
    /// <param name="intendedTimestamp">Where the latency is timed from.</param>
    /// <param name="completedTimestamp">When the answer arrived.</param>
    /// <param name="outcome">The answer.</param>
    /// <param name="scheduledTimestamp">
    /// The open model's scheduled instant when the request went out a little before it (timed from the actual send):
    /// the second and the warm-up follow the schedule, so the request due exactly at the warm-up's end is measured
    /// however early the dispatcher woke. Defaults to <paramref name="intendedTimestamp"/>.
    /// </param>
    public void Record(string kind, long intendedTimestamp, long completedTimestamp, OperationOutcome outcome, long? scheduledTimestamp = null)
    {
        var recorder = _kinds.GetOrAdd(kind, static (name, seconds) => new RequestKindRecorder(name, seconds), _timelineSeconds);
        var scheduled = scheduledTimestamp ?? intendedTimestamp;
        var second = (int)((scheduled - StartTimestamp) / Stopwatch.Frequency);
        var warmup = scheduled < WarmupEndTimestamp;
        recorder.Record(second, warmup, LatencyScale.ToMicroseconds(completedTimestamp - intendedTimestamp), outcome);
        Interlocked.Increment(ref _completed);
        long seen;
        while (completedTimestamp > (seen = Interlocked.Read(ref _lastCompletedTimestamp)))
        {
            if (Interlocked.CompareExchange(ref _lastCompletedTimestamp, completedTimestamp, seen) == seen)
            {
                break;
            }
        }
    }

    public void RecordSendLag(long stopwatchTicks) => _sendLag.RecordValue(LatencyScale.ToMicroseconds(Math.Max(0, stopwatchTicks)));
}
