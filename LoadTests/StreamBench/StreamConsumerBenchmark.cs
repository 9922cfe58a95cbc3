using System.Diagnostics;
using System.Text;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Publishing;
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
    /// Pre-produces <paramref name="rewardCount"/> rewards (and their decisions, 5 items each) to a fresh broker, then
    /// starts the consumer and times it until every reward is applied.
    /// </summary>
    public static async Task<StreamThroughputResult> MeasureThroughputAsync(int dimension, int rewardCount, CancellationToken cancellationToken)
    {
        await using var bench = new StreamConsumerBenchmark(dimension);
        var decisionCount = rewardCount / BenchRewards.ItemsPerDecision;
        rewardCount = decisionCount * BenchRewards.ItemsPerDecision;
        bench.PublishDecisions(decisionCount);
        using (var producer = bench.CreateRewardProducer())
        {
            for (var reward = 0; reward < rewardCount; reward++)
            {
                ProduceWithBackpressure(producer, bench._options.RewardsTopic, RewardOf(reward), null);
            }

            Require(producer.Flush(Patience) == 0, "the rewards were not all acknowledged");
        }

        var sink = new SurfaceModelLearningSink(dimension, rewardCount);
        var started = Stopwatch.GetTimestamp();
        var (status, _) = await bench.StartConsumerAsync(sink, cancellationToken);
        await WaitUntilAsync(() => sink.Applied >= rewardCount, "every reward to be applied", cancellationToken, () => $"{sink.Applied} of {rewardCount}, lag {status.Lag}");
        var total = Stopwatch.GetElapsedTime(started);
        var applied = sink.AppliedAt;
        long first = long.MaxValue, last = 0;
        foreach (var at in applied)
        {
            first = Math.Min(first, at);
            last = Math.Max(last, at);
        }

        return new StreamThroughputResult(rewardCount, decisionCount, total, Stopwatch.GetElapsedTime(first, last), sink.Model.Version);
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
        var (status, join) = await bench.StartConsumerAsync(sink, cancellationToken);
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
        if (_consumer is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _consumer.StopAsync(timeout.Token);
            _consumer.Dispose();
        }

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
        var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(reward.EventId), Value = StreamMessageCodec.Serialize(reward) };
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
        using var publisher = new DecisionPublisher(_connection, Options.Create(_options), NullLogger<DecisionPublisher>.Instance);
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

            publisher.Publish(new DecisionMessage
            {
                EventId = BenchRewards.EventId(decision),
                Surface = BenchSurfaceDirectory.Surface,
                At = at,
                Policy = "diag-linucb",
                ModelVersion = 1,
                Features = features,
                Items = items,
            });
        }

        Require(publisher.Flush(Patience) == 0, "the decisions were not all acknowledged");
    }

    private async Task<(StreamConsumerStatus Status, RewardJoin Join)> StartConsumerAsync(SurfaceModelLearningSink sink, CancellationToken cancellationToken)
    {
        var status = new StreamConsumerStatus();
        var join = new RewardJoin(new BenchSurfaceDirectory(), _options.ToJoinOptions());
        _consumer = new StreamConsumerService(
            _connection, Options.Create(_options), join, sink, new BenchCheckpointStore(), status, TimeProvider.System,
            NullLogger<StreamConsumerService>.Instance);
        await _consumer.StartAsync(cancellationToken);
        return (status, join);
    }
}
