namespace BanditServe.Streaming.Consuming;

/// <summary>
/// Live state of the stream consumer for readiness checks and the API; written by the consumer
/// thread, read from anywhere.
/// </summary>
public sealed class StreamConsumerStatus
{
    private long _lag = -1;
    private int _assignedPartitions;
    private volatile bool _caughtUp;
    private volatile bool _faulted;
    private volatile bool _restored;
    private long _lastCheckpointTicks = -1;
    private IReadOnlyList<PartitionLag> _partitionLags = [];

    /// <summary>Whether the consumer has its partitions assigned.</summary>
    public bool IsAssigned => Volatile.Read(ref _assignedPartitions) > 0;

    /// <summary>Partitions of the decisions and rewards topics assigned.</summary>
    public int AssignedPartitions => Volatile.Read(ref _assignedPartitions);

    /// <summary>Messages not yet consumed in the assigned partitions; -1 while unknown.</summary>
    public long Lag => Interlocked.Read(ref _lag);

    /// <summary>Lag of each assigned partition whose end is known, as of the last status report (about once a second).</summary>
    public IReadOnlyList<PartitionLag> PartitionLags => Volatile.Read(ref _partitionLags);

    /// <summary>Whether every partition has been read to its end at least once since start (the model reflects the log).</summary>
    public bool IsCaughtUp => _caughtUp;

    /// <summary>
    /// Whether the start-up restore is over: the newest checkpoint's model state is restored, or there was none.
    /// Stays true after the consumer stops; until then the models are the priors, not the learned ones.
    /// </summary>
    public bool IsRestored => _restored;

    /// <summary>Whether the consumer stopped on a fatal error.</summary>
    public bool IsFaulted => _faulted;

    /// <summary>When the last checkpoint was saved, if any.</summary>
    public DateTimeOffset? LastCheckpointAt
    {
        get
        {
            long ticks = Interlocked.Read(ref _lastCheckpointTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Whether the consumer is assigned, caught up once and not faulted.</summary>
    public bool IsReady => IsAssigned && IsCaughtUp && !IsFaulted;

    internal void Assigned(int partitions) => Volatile.Write(ref _assignedPartitions, partitions);

    internal void LagIs(long lag, IReadOnlyList<PartitionLag> partitions)
    {
        Volatile.Write(ref _partitionLags, partitions);
        Interlocked.Exchange(ref _lag, lag);
    }

    internal void CaughtUp() => _caughtUp = true;

    internal void Restored() => _restored = true;

    internal void Faulted() => _faulted = true;

    internal void Checkpointed(DateTimeOffset at) => Interlocked.Exchange(ref _lastCheckpointTicks, at.UtcTicks);

    internal void Stopped()
    {
        Volatile.Write(ref _assignedPartitions, 0);
        _caughtUp = false;
    }
}
