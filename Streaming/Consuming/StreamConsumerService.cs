using System.Diagnostics;
using System.Globalization;
using BanditServe.Streaming.Checkpoints;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Learning;
using BanditServe.Streaming.Observability;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace BanditServe.Streaming.Consuming;

/// <summary>
/// Consumes every partition of the decisions and rewards topics, joins rewards to decisions and
/// feeds the joined examples to the <see cref="ILearningSink"/>; refused messages go to the
/// dead-letter topic and the loop goes on.
/// </summary>
/// <remarks>
/// Exactly-once effect: partitions are assigned manually (every replica reads everything; no group
/// rebalancing) from the offsets of the newest <see cref="StreamCheckpoint"/>. Every
/// <see cref="KafkaOptions.CheckpointIntervalSeconds"/> and on shutdown the consumer thread captures the
/// model state, the join state and the next offsets together, so a restart resumes from a state
/// that reflects exactly the messages before those offsets.
/// </remarks>
public sealed partial class StreamConsumerService : BackgroundService
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan AdvanceInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PartitionRefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShutdownCheckpointTimeout = TimeSpan.FromSeconds(15);

    private readonly KafkaConnection _connection;
    private readonly KafkaOptions _options;
    private readonly RewardJoin _join;
    private readonly ILearningSink _sink;
    private readonly IStreamCheckpointStore _checkpoints;
    private readonly StreamConsumerStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamConsumerService> _logger;
    private readonly LogThrottle _kafkaErrorLog;
    private readonly PartitionWatermarks _watermarks = new();
    private readonly Dictionary<TopicPartition, long> _nextOffsets = [];
    private readonly JoinOutput _output = new();
    private readonly DecisionDecoder _decisionDecoder = new();
    private readonly Dictionary<TopicPartition, HeldPartition> _heldPartitions = [];
    private volatile Error? _fatalError;

    /// <summary>Creates the service; nothing connects before the host starts it.</summary>
    public StreamConsumerService(
        KafkaConnection connection,
        IOptions<KafkaOptions> options,
        RewardJoin join,
        ILearningSink sink,
        IStreamCheckpointStore checkpoints,
        StreamConsumerStatus status,
        TimeProvider time,
        ILogger<StreamConsumerService> logger)
    {
        _connection = connection;
        _options = options.Value;
        _join = join;
        _sink = sink;
        _checkpoints = checkpoints;
        _status = status;
        _time = time;
        _kafkaErrorLog = new(LogThrottle.DefaultInterval, time);
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _connection.EnsureTopicsAsync(stoppingToken);
            var checkpoint = await _checkpoints.LoadLatestAsync(stoppingToken);
            if (checkpoint is not null)
            {
                _sink.RestoreState(checkpoint.ModelState);
                _join.RestoreFrom(checkpoint.JoinState);
                foreach (var offset in checkpoint.Offsets)
                {
                    _nextOffsets[new TopicPartition(offset.Topic, new Partition(offset.Partition))] = offset.NextOffset;
                }

                Log.CheckpointRestored(_logger, checkpoint.CreatedAt, checkpoint.Offsets.Count);
            }

            _status.Restored();

            // Consume blocks, so the loop owns a dedicated thread rather than a pool thread.
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    ConsumeLoop(stoppingToken);
                    finished.SetResult();
                }
                catch (Exception exception)
                {
                    finished.SetException(exception);
                }
            })
            {
                IsBackground = true,
                Name = "banditserve-stream-consumer",
            };
            thread.Start();
            await finished.Task;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the loop started: nothing to checkpoint.
        }
        catch (Exception exception)
        {
            _status.Faulted();
            Log.ConsumerFaulted(_logger, exception);
            throw;
        }
        finally
        {
            _status.Stopped();
        }
    }

    private void ConsumeLoop(CancellationToken stoppingToken)
    {
        using var deadLetters = new DeadLetterWriter(_connection.BootstrapServers, _options.DeadLetterTopic, _logger);
        using var consumer = BuildConsumer();
        var assigned = AssignAll(consumer);
        Log.ConsumerStarted(_logger, assigned.Count, _options.DecisionsTopic, _options.RewardsTopic,
            assigned.Count(_nextOffsets.ContainsKey));

        var checkpointInterval = TimeSpan.FromSeconds(_options.CheckpointIntervalSeconds);
        var started = _time.GetUtcNow();
        DateTimeOffset lastAdvance = started, lastStatus = DateTimeOffset.MinValue, lastCheckpoint = started, lastRefresh = started;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_fatalError is { } fatal)
            {
                throw new KafkaException(fatal);
            }

            var result = ConsumeNext(consumer);
            var now = _time.GetUtcNow();
            ResumeHeldPartitions(consumer, now);
            if (result is not null && !IsPaused(result.TopicPartition))
            {
                var partition = result.TopicPartition;
                var handled = true;
                if (result.IsPartitionEOF)
                {
                    _watermarks.ReachedEnd(partition);
                    if (_watermarks.AllReachedEndOnce)
                    {
                        _status.CaughtUp();
                    }
                }
                else
                {
                    // A held message counts as consumed for the clock: its partition is not at its end, so
                    // the join clock stops at it and neither windows nor held rewards run out behind it.
                    var timestamp = MessageTime(result, now);
                    _watermarks.Consumed(partition, timestamp);
                    handled = Handle(result, timestamp, deadLetters, stoppingToken);
                }

                if (handled)
                {
                    _nextOffsets[partition] = result.IsPartitionEOF ? result.Offset.Value : result.Offset.Value + 1;
                    Released(consumer, partition);
                }
                else
                {
                    // Not consumed: the offset stays at the held message, so a checkpoint resumes from it.
                    Hold(consumer, result, now);
                }
            }

            if (result is null || result.IsPartitionEOF || now - lastAdvance >= AdvanceInterval)
            {
                AdvanceJoin(now, deadLetters);
                lastAdvance = now;
            }

            if (now - lastStatus >= StatusInterval)
            {
                ReportStatus(consumer, assigned);
                lastStatus = now;
            }

            if (now - lastRefresh >= PartitionRefreshInterval)
            {
                AssignNewPartitions(consumer, assigned);
                lastRefresh = now;
            }

            if (now - lastCheckpoint >= checkpointInterval)
            {
                Checkpoint(deadLetters, stoppingToken);
                lastCheckpoint = now;
            }
        }

        using (var shutdown = new CancellationTokenSource(ShutdownCheckpointTimeout))
        {
            Checkpoint(deadLetters, shutdown.Token);
        }

        consumer.Close();
        Log.ConsumerStopped(_logger);
    }

    private ConsumeResult<byte[], byte[]>? ConsumeNext(IConsumer<byte[], byte[]> consumer)
    {
        try
        {
            return consumer.Consume(PollTimeout);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            // With byte[] values nothing fails to deserialize; these are transient broker or
            // protocol errors that librdkafka recovers from.
            StreamingMetrics.ConsumeErrors.Inc();
            Log.ConsumeFailed(_logger, exception.Error.Reason);
            return null;
        }
    }

    private IConsumer<byte[], byte[]> BuildConsumer() =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = _connection.BootstrapServers,
            GroupId = _options.GroupId,
            ClientId = "banditserve-stream",
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = _options.FetchWaitMaxMilliseconds,
            AllowAutoCreateTopics = false,
            // Consumed headers are never read (dead letters carry their own): not marshalled per message.
            ConsumeResultFields = "topic,timestamp",
        })
        .SetErrorHandler((_, error) =>
        {
            LogThrottle.KafkaError(_kafkaErrorLog, _logger, error);
            if (error.IsFatal)
            {
                _fatalError = error;
            }
        })
        .Build();

    private List<TopicPartition> AssignAll(IConsumer<byte[], byte[]> consumer)
    {
        var partitions = DiscoverPartitions(consumer);
        consumer.Assign(partitions.Select(StartOf));
        _watermarks.Track(partitions);
        _status.Assigned(partitions.Count);
        return partitions;
    }

    private void AssignNewPartitions(IConsumer<byte[], byte[]> consumer, List<TopicPartition> assigned)
    {
        List<TopicPartition> added;
        try
        {
            added = [.. DiscoverPartitions(consumer).Except(assigned)];
        }
        catch (KafkaException exception)
        {
            Log.ConsumeFailed(_logger, exception.Error.Reason);
            return;
        }

        if (added.Count == 0)
        {
            return;
        }

        consumer.IncrementalAssign(added.Select(StartOf));
        assigned.AddRange(added);
        _watermarks.Track(added);
        _status.Assigned(assigned.Count);
        Log.PartitionsAdded(_logger, added.Count);
    }

    private TopicPartitionOffset StartOf(TopicPartition partition) =>
        _nextOffsets.TryGetValue(partition, out long next)
            ? new TopicPartitionOffset(partition, new Offset(next))
            : new TopicPartitionOffset(partition, Offset.Beginning);

    private List<TopicPartition> DiscoverPartitions(IConsumer<byte[], byte[]> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        return
        [
            .. KafkaTopics.Partitions(admin, _options.DecisionsTopic, MetadataTimeout),
            .. KafkaTopics.Partitions(admin, _options.RewardsTopic, MetadataTimeout),
        ];
    }

    private void ReportStatus(IConsumer<byte[], byte[]> consumer, List<TopicPartition> assigned)
    {
        long lag = 0;
        var partitions = new List<PartitionLag>(assigned.Count);
        foreach (var partition in assigned)
        {
            // Cached from fetch responses: no broker round trip on the consumer thread.
            var watermarks = consumer.GetWatermarkOffsets(partition);
            if (watermarks.High.IsSpecial)
            {
                // Unknown for now: no stale figure for it.
                StreamingMetrics.PartitionLag.RemoveLabelled(partition.Topic, partition.Partition.Value.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            long position = _nextOffsets.TryGetValue(partition, out long next) ? next
                : watermarks.Low.IsSpecial ? 0 : watermarks.Low.Value;
            long partitionLag = Math.Max(0, watermarks.High.Value - position);
            lag += partitionLag;
            partitions.Add(new PartitionLag(partition.Topic, partition.Partition.Value, partitionLag));
            StreamingMetrics.PartitionLag
                .WithLabels(partition.Topic, partition.Partition.Value.ToString(CultureInfo.InvariantCulture))
                .Set(partitionLag);
        }

        _status.LagIs(lag, partitions);
        StreamingMetrics.ConsumerLag.Set(lag);
        StreamingMetrics.OpenDecisions.Set(_join.OpenDecisionCount);
        StreamingMetrics.ClosedDecisions.Set(_join.ClosedDecisionCount);
        StreamingMetrics.HeldRewards.Set(_join.HeldRewardCount);
    }

    private void Checkpoint(DeadLetterWriter deadLetters, CancellationToken cancellationToken)
    {
        using var timer = StreamingMetrics.CheckpointDuration.NewTimer();
        try
        {
            deadLetters.Flush(TimeSpan.FromSeconds(10));
            var started = Stopwatch.GetTimestamp();
            var modelState = _sink.CaptureState();
            var modelCaptured = Stopwatch.GetTimestamp();
            long joinBytes = 0;
            var checkpoint = new StreamCheckpoint(
                modelState,
                [],
                [.. _nextOffsets.Select(entry => new StreamOffset(entry.Key.Topic, entry.Key.Partition.Value, entry.Value))],
                _time.GetUtcNow())
            {
                // Written by the store straight to where it keeps it, during SaveAsync below.
                WriteJoinState = destination => joinBytes = _join.WriteTo(destination),
            };

            // The consumer thread waits for the save: nothing may change the captured state meanwhile
            // (the join is written during it), and a slow store should slow consumption rather than pile up checkpoints.
            _checkpoints.SaveAsync(checkpoint, cancellationToken).GetAwaiter().GetResult();
            _status.Checkpointed(checkpoint.CreatedAt);
            StreamingMetrics.Checkpoints.Inc();
            Log.CheckpointSaved(
                _logger,
                modelState.Length,
                Stopwatch.GetElapsedTime(started, modelCaptured).TotalMilliseconds,
                joinBytes,
                checkpoint.Offsets.Count,
                Stopwatch.GetElapsedTime(modelCaptured).TotalMilliseconds);
        }
        catch (Exception exception)
        {
            StreamingMetrics.CheckpointFailures.Inc();
            Log.CheckpointFailed(_logger, exception);
        }
    }

    private static DateTimeOffset MessageTime(ConsumeResult<byte[], byte[]> result, DateTimeOffset now)
    {
        var timestamp = result.Message.Timestamp;
        if (timestamp.Type == TimestampType.NotAvailable)
        {
            return now;
        }

        var at = new DateTimeOffset(timestamp.UtcDateTime, TimeSpan.Zero);
        return at < now ? at : now;
    }
}
