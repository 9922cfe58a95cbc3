using System.Diagnostics;
using System.Text;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>
/// Measures the stream consumer in-process: an <see cref="EmbeddedKafkaBroker"/>, the production
/// <see cref="StreamConsumerService"/> (join, checkpoints on their schedule) and a sink that applies to a real
/// SurfaceModel (issue 4, "Performance"; recorded in docs/performance.md).
/// </summary>
public sealed class StreamConsumerBenchmark : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly EmbeddedKafkaBroker _broker = new();
    private readonly KafkaOptions _options;
    private readonly KafkaConnection _connection;
    private readonly int _dimension;
    private StreamConsumerService? _consumer;

    private StreamConsumerBenchmark(int dimension)
    {
        _dimension = dimension;
        // Production defaults (fetch wait, linger, checkpoint interval, grace) except where the broker is.
        _options = new KafkaOptions { BootstrapServers = _broker.BootstrapServers, CreateTopics = false };
        _broker.CreateTopics([_options.DecisionsTopic, _options.RewardsTopic, _options.DeadLetterTopic]);
        _connection = new KafkaConnection(Options.Create(_options), NullLogger<KafkaConnection>.Instance);
    }

    /// <summary>
    /// Pre-produces the decisions (5 items each) and lets a consumer join them, stops it (its checkpoint keeps the join
    /// state and offsets, as in production), pre-produces <paramref name="rewardCount"/> rewards, then starts a consumer
    /// from that checkpoint and times it until every reward is applied.
    /// </summary>
    /// <remarks>
    /// Two phases because the consumer reads both topics at once: with everything pre-produced together, rewards
    /// overtake their (larger) decisions and wait in the join's grace buffer, and the run measures that race rather
    /// than the rate at which rewards are applied.
    /// </remarks>
    public static async Task<StreamThroughputResult> MeasureThroughputAsync(int dimension, int rewardCount, CancellationToken cancellationToken)
    {
        await using var bench = new StreamConsumerBenchmark(dimension);
        var decisionCount = rewardCount / BenchRewards.ItemsPerDecision;
        rewardCount = decisionCount * BenchRewards.ItemsPerDecision;
        bench.PublishDecisions(decisionCount);
        var checkpoints = new BenchCheckpointStore();
        var sink = new SurfaceModelLearningSink(dimension, rewardCount);
        var decisionsStarted = Stopwatch.GetTimestamp();
        var (status, join) = await bench.StartConsumerAsync(sink, checkpoints, cancellationToken);
        await WaitUntilAsync(() => join.OpenDecisionCount >= decisionCount, "the decisions to be joined", cancellationToken, () => $"{join.OpenDecisionCount} of {decisionCount}, lag {status.Lag}");
        var decisionsTime = Stopwatch.GetElapsedTime(decisionsStarted);
        await bench.StopConsumerAsync();

        using (var producer = bench.CreateRewardProducer())
        {
            for (var reward = 0; reward < rewardCount; reward++)
            {
                ProduceWithBackpressure(producer, bench._options.RewardsTopic, RewardOf(reward), null);
            }

            Require(producer.Flush(Patience) == 0, "the rewards were not all acknowledged");
        }

        var started = Stopwatch.GetTimestamp();
        (status, join) = await bench.StartConsumerAsync(sink, checkpoints, cancellationToken);
        Require(join.OpenDecisionCount == decisionCount, $"the checkpoint restored {join.OpenDecisionCount} of {decisionCount} decisions");
        await WaitUntilAsync(() => sink.Applied >= rewardCount, "every reward to be applied", cancellationToken, () => $"{sink.Applied} of {rewardCount}, lag {status.Lag}, held {join.HeldRewardCount}");
        var total = Stopwatch.GetElapsedTime(started);
        long first = long.MaxValue, last = 0;
        foreach (var at in sink.AppliedAt)
        {
            first = Math.Min(first, at);
            last = Math.Max(last, at);
        }

        return new StreamThroughputResult(rewardCount, decisionCount, decisionsTime, total, Stopwatch.GetElapsedTime(first, last), sink.Model.Version);
    }

    /// <summary>
    /// Pre-produces the decisions, starts the consumer and lets it catch up, then produces rewards at
    /// <paramref name="rate"/> per second for <paramref name="duration"/>; each reward's delay is the time the sink applied
    /// it minus the time the producer got the broker's acknowledgement.
    /// </summary>
    public static async Task<StreamDelayResult> MeasureDelayAsync(int dimension, int rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var bench = new StreamConsumerBenchmark(dimension);
        var rewardCount = (int)(rate * duration.TotalSeconds) / BenchRewards.ItemsPerDecision * BenchRewards.ItemsPerDecision;
        var decisionCount = rewardCount / BenchRewards.ItemsPerDecision;
        bench.PublishDecisions(decisionCount);
        var sink = new SurfaceModelLearningSink(dimension, rewardCount);
        var (status, join) = await bench.StartConsumerAsync(sink, new BenchCheckpointStore(), cancellationToken);
        await WaitUntilAsync(() => join.OpenDecisionCount >= decisionCount, "the decisions to be joined", cancellationToken, () => $"{join.OpenDecisionCount} of {decisionCount}, lag {status.Lag}");

        var producedAt = new long[rewardCount];
        var ackedAt = new long[rewardCount];
        var failed = 0;
        using (var producer = bench.CreateRewardProducer())
        {
            var start = Stopwatch.GetTimestamp();
            var ticksPerReward = Stopwatch.Frequency / (double)rate;
            var next = 0;
            while (next < rewardCount)
            {
                // Open-model pacing: everything due by now is produced, then the loop sleeps a millisecond.
                var due = Math.Min(rewardCount, (int)((Stopwatch.GetTimestamp() - start) / ticksPerReward) + 1);
                for (; next < due; next++)
                {
                    var index = next;
                    producedAt[index] = Stopwatch.GetTimestamp();
                    ProduceWithBackpressure(producer, bench._options.RewardsTopic, RewardOf(index), report =>
                    {
                        if (report.Error.IsError)
                        {
                            Interlocked.Increment(ref failed);
                        }
                        else
                        {
                            ackedAt[index] = Stopwatch.GetTimestamp();
                        }
                    });
                }

                Thread.Sleep(1);
            }

            var producing = Stopwatch.GetElapsedTime(start);
            Require(producer.Flush(Patience) == 0, "the rewards were not all acknowledged");
            await WaitUntilAsync(() => sink.Applied >= rewardCount, "every reward to be applied", cancellationToken, () => $"{sink.Applied} of {rewardCount}, lag {status.Lag}");
            Require(failed == 0, $"{failed} rewards failed to produce");
            return StreamDelayResult.From(rate, producing, producedAt, ackedAt, sink.AppliedAt);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopConsumerAsync();
        _connection.Dispose();
        _broker.Dispose();
    }

    private static RewardMessage RewardOf(int reward) => new()
    {
        EventId = BenchRewards.EventId(reward / BenchRewards.ItemsPerDecision),
        ItemId = BenchRewards.ItemId(reward),
        Reward = reward % 3 == 0 ? 1 : 0,
        At = DateTimeOffset.UtcNow,
    };

    private static void ProduceWithBackpressure(
        IProducer<byte[], byte[]> producer, string topic, RewardMessage reward, Action<DeliveryReport<byte[], byte[]>>? onDelivered)
    {
        // Same key and value as RewardPublisher writes.
        Produce(producer, topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(reward.EventId), Value = StreamMessageCodec.Serialize(reward) }, onDelivered);
    }

    private static void Produce(
        IProducer<byte[], byte[]> producer, string topic, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>>? onDelivered)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, onDelivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException("stream bench: " + problem);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken, Func<string> explain)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            Require(Stopwatch.GetTimestamp() < deadline, $"timed out waiting for {what} ({explain()})");
            await Task.Delay(5, cancellationToken);
        }
    }

    private IProducer<byte[], byte[]> CreateRewardProducer() => new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        // As RewardPublisher: idempotent, acks from all replicas, no linger (a posted reward is sent at once).
        BootstrapServers = _connection.BootstrapServers,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 0,
        ClientId = "banditserve-stream-bench",
    }).Build();

    private void PublishDecisions(int count)
    {
        var random = new Random(4);
        // DecisionPublisher drops (and counts) decisions when its local queue is full, by design for rank; the bench
        // must put every decision on the topic, so it writes the same key, value and timestamp with backpressure.
        using var producer = CreateRewardProducer();
        var at = DateTimeOffset.UtcNow;
        for (var decision = 0; decision < count; decision++)
        {
            var features = new float[_dimension];
            for (var k = 0; k < features.Length; k++)
            {
                features[k] = (float)random.NextDouble();
            }

            var items = new DecisionItem[BenchRewards.ItemsPerDecision];
            for (var slot = 0; slot < items.Length; slot++)
            {
                var reward = (decision * BenchRewards.ItemsPerDecision) + slot;
                items[slot] = new DecisionItem { ItemId = BenchRewards.ItemId(reward), Slot = slot, Score = 0.5, Propensity = 0.2 };
            }

            var message = new DecisionMessage
            {
                EventId = BenchRewards.EventId(decision),
                Surface = BenchSurfaceDirectory.Surface,
                At = at,
                Policy = "diag-linucb",
                ModelVersion = 1,
                Features = features,
                Items = items,
            };
            Produce(producer, _options.DecisionsTopic, new Message<byte[], byte[]>
            {
                Key = Encoding.UTF8.GetBytes(message.EventId),
                Value = StreamMessageCodec.Serialize(message),
                Timestamp = new Timestamp(message.At),
            }, null);
        }

        Require(producer.Flush(Patience) == 0, "the decisions were not all acknowledged");
    }

    private async Task StopConsumerAsync()
    {
        if (_consumer is not null)
        {
            // Stopping saves a checkpoint (model, join state, offsets), as a production shutdown does.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _consumer.StopAsync(timeout.Token);
            _consumer.Dispose();
            _consumer = null;
        }
    }

    private async Task<(StreamConsumerStatus Status, RewardJoin Join)> StartConsumerAsync(
        SurfaceModelLearningSink sink, BenchCheckpointStore checkpoints, CancellationToken cancellationToken)
    {
        var status = new StreamConsumerStatus();
        var join = new RewardJoin(new BenchSurfaceDirectory(), _options.ToJoinOptions());
        _consumer = new StreamConsumerService(
            _connection, Options.Create(_options), join, sink, checkpoints, status, TimeProvider.System,
            NullLogger<StreamConsumerService>.Instance);
        await _consumer.StartAsync(cancellationToken);
        // Start returns once the checkpoint (if any) is restored and the loop is on its thread.
        await WaitUntilAsync(() => status.IsAssigned, "the consumer to be assigned", cancellationToken, () => $"faulted {status.IsFaulted}");
        return (status, join);
    }
}
