using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Observability;
using Confluent.Kafka;

namespace BanditServe.Streaming.Consuming;

/// <summary>
/// Decisions for a surface or item this server does not know yet: another replica may have created it a
/// moment ago, so the consumer asks the durable catalog before it joins the decision. While the catalog
/// cannot be read, the decision's partition is held (paused at the decision, retried with a backoff)
/// instead of the decision being dead-lettered; only a surface the catalog confirms absent is refused.
/// </summary>
public sealed partial class StreamConsumerService
{
    /// <summary>The most one catalog lookup blocks the consumer thread (every other partition waits meanwhile).</summary>
    private static readonly TimeSpan CatalogLookupTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstHoldRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestHoldRetry = TimeSpan.FromSeconds(30);

    private bool _everythingPaused;

    /// <summary>
    /// How long a partition may be held before every partition stops. A held message stops the join clock,
    /// so nothing read meanwhile from the other partitions can leave the join: without this bound its memory
    /// would grow for as long as the catalog cannot be read. Kafka keeps what is not read.
    /// </summary>
    internal TimeSpan HoldEverythingAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the decision's surface and items are known here, after asking the catalog if they were not.</summary>
    private bool KnownOrRefreshed(DecisionMessage decision, CancellationToken stoppingToken)
    {
        if (_join.Surfaces.Knows(decision))
        {
            return true;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(CatalogLookupTimeout);
        try
        {
            // The consumer owns a dedicated thread (not a pool thread), so waiting here starves nothing;
            // the lookup is bounded by the timeout.
            _join.Surfaces.RefreshAsync(decision.Surface, timeout.Token).GetAwaiter().GetResult();
            StreamingMetrics.CatalogRefreshes.WithLabels("refreshed").Inc();
            return true;
        }
        catch (Exception exception)
        {
            StreamingMetrics.CatalogRefreshes.WithLabels("failed").Inc();
            Log.CatalogRefreshFailed(_logger, decision.Surface, decision.EventId, exception.Message);
            return false;
        }
    }

    /// <summary>Pauses the message's partition at the message; <see cref="ResumeHeldPartitions"/> retries it after a backoff.</summary>
    private void Hold(IConsumer<byte[], byte[]> consumer, ConsumeResult<byte[], byte[]> result, DateTimeOffset now)
    {
        var partition = result.TopicPartition;
        if (!_heldPartitions.TryGetValue(partition, out var held))
        {
            held = new HeldPartition { Since = now };
            _heldPartitions.Add(partition, held);
        }

        held.Failures++;
        var backoff = TimeSpan.FromTicks(Math.Min(LongestHoldRetry.Ticks, FirstHoldRetry.Ticks << Math.Min(held.Failures - 1, 16)));
        held.RetryAt = now + backoff;
        held.Paused = true;
        consumer.Pause([partition]);
        // Messages after it that were already fetched are dropped; the retry reads from the held message again.
        consumer.Seek(result.TopicPartitionOffset);
        StreamingMetrics.HeldPartitions.Set(_heldPartitions.Count);
        Log.PartitionHeld(_logger, partition.Topic, partition.Partition.Value, result.Offset.Value, backoff.TotalSeconds);
        if (!_everythingPaused && now - held.Since >= HoldEverythingAfter)
        {
            _everythingPaused = true;
            consumer.Pause(consumer.Assignment.Where(p => !_heldPartitions.ContainsKey(p)).ToList());
            Log.AllPartitionsPaused(_logger, partition.Topic, partition.Partition.Value, (now - held.Since).TotalSeconds);
        }
    }

    private void ResumeHeldPartitions(IConsumer<byte[], byte[]> consumer, DateTimeOffset now)
    {
        foreach (var (partition, held) in _heldPartitions)
        {
            if (held.Paused && held.RetryAt <= now)
            {
                held.Paused = false;
                consumer.Resume([partition]);
            }
        }
    }

    /// <summary>Whether the partition is paused at a held message (a result from it was fetched before the pause).</summary>
    private bool IsPaused(TopicPartition partition) =>
        _heldPartitions.TryGetValue(partition, out var held) && held.Paused;

    /// <summary>A message of the partition was consumed: it is no longer held; the last release resumes every partition.</summary>
    private void Released(IConsumer<byte[], byte[]> consumer, TopicPartition partition)
    {
        if (_heldPartitions.Count > 0 && _heldPartitions.Remove(partition))
        {
            StreamingMetrics.HeldPartitions.Set(_heldPartitions.Count);
            if (_heldPartitions.Count == 0 && _everythingPaused)
            {
                _everythingPaused = false;
                consumer.Resume(consumer.Assignment);
            }
        }
    }

    private sealed class HeldPartition
    {
        public DateTimeOffset Since { get; init; }

        public int Failures { get; set; }

        public DateTimeOffset RetryAt { get; set; }

        public bool Paused { get; set; }
    }
}
