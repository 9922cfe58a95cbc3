namespace BanditServe.Streaming.Observability;

/// <summary>
/// Lets one warning through per interval and counts the rest. A failure that repeats per message (a broker
/// down for minutes while thousands of decisions a second time out) then writes one line per interval saying
/// how many it stands for, instead of one line per message; the metrics still count every occurrence.
/// </summary>
internal sealed class LogThrottle
{
    private readonly TimeProvider _time;
    private readonly long _intervalTimestamps;
    private long _next = long.MinValue;
    private long _suppressed;

    public LogThrottle(TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _time = time;
        _intervalTimestamps = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>How often a publisher's repeated failure is logged.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Logs a Kafka client error through <paramref name="throttle"/>: librdkafka reports every failed reconnect
    /// (several a second per client while a broker is down). A fatal error is always logged.
    /// </summary>
    public static void KafkaError(LogThrottle throttle, Microsoft.Extensions.Logging.ILogger logger, Confluent.Kafka.Error error)
    {
        long suppressed = 0;
        if (error.IsFatal || throttle.TryEnter(out suppressed))
        {
            Log.KafkaError(logger, error.IsFatal, error.Reason, suppressed);
        }
    }

    /// <summary>True when this occurrence is to be logged, with how many were not logged since the last one that was.</summary>
    public bool TryEnter(out long suppressed)
    {
        long now = _time.GetTimestamp();
        long next = Volatile.Read(ref _next);
        if (now >= next && Interlocked.CompareExchange(ref _next, now + _intervalTimestamps, next) == next)
        {
            suppressed = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
