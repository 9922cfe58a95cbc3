using Confluent.Kafka;

namespace BanditServe.Streaming.Consuming;

/// <summary>
/// The join clock as the consumer sees the log: the earliest of each partition's progress, where a
/// partition read to its end counts as "now" and any other as the timestamp of its last message.
/// </summary>
/// <remarks>
/// Windows close by this clock rather than by the wall clock so that replaying a backlog (after a
/// restart or an outage) joins rewards to decisions exactly as live consumption would: a window
/// closes only when every partition that could still hold its rewards has moved past it.
/// </remarks>
internal sealed class PartitionWatermarks
{
    private readonly Dictionary<TopicPartition, Progress> _partitions = [];

    /// <summary>Whether every tracked partition has been read to its end at least once.</summary>
    public bool AllReachedEndOnce => _partitions.Count > 0 && _partitions.Values.All(progress => progress.ReachedEndOnce);

    public void Track(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.TryAdd(partition, new Progress());
        }
    }

    public void Consumed(TopicPartition partition, DateTimeOffset timestamp)
    {
        var progress = Get(partition);
        progress.AtEnd = false;
        progress.LastTimestamp = timestamp;
    }

    public void ReachedEnd(TopicPartition partition)
    {
        var progress = Get(partition);
        progress.AtEnd = true;
        progress.ReachedEndOnce = true;
    }

    /// <summary>The clock, or <see langword="null"/> while some partition has shown no progress yet.</summary>
    public DateTimeOffset? Watermark(DateTimeOffset now)
    {
        if (_partitions.Count == 0)
        {
            return null;
        }

        var watermark = now;
        foreach (var progress in _partitions.Values)
        {
            if (progress.AtEnd)
            {
                continue;
            }

            if (progress.LastTimestamp is not { } last)
            {
                return null;
            }

            if (last < watermark)
            {
                watermark = last;
            }
        }

        return watermark;
    }

    private Progress Get(TopicPartition partition)
    {
        if (!_partitions.TryGetValue(partition, out var progress))
        {
            progress = new Progress();
            _partitions.Add(partition, progress);
        }

        return progress;
    }

    private sealed class Progress
    {
        public bool AtEnd { get; set; }

        public bool ReachedEndOnce { get; set; }

        public DateTimeOffset? LastTimestamp { get; set; }
    }
}
