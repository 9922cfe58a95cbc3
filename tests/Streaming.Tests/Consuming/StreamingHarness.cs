using System.Text;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Publishing;
using BanditServe.Streaming.Tests.Join;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>
/// A real embedded Kafka (librdkafka mock cluster over TCP) with the module's publishers, and
/// consumer services started on demand. Windows and grace are short to keep tests fast.
/// </summary>
internal sealed class StreamingHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly EmbeddedKafkaBroker _broker = new();
    private readonly List<StreamConsumerService> _running = [];

    public StreamingHarness(double checkpointIntervalSeconds = 60)
    {
        Options = new KafkaOptions
        {
            BootstrapServers = _broker.BootstrapServers,
            // The mock cluster has no CreateTopics request; the broker creates them below.
            CreateTopics = false,
            RewardGraceSeconds = 1.5,
            AllowedLatenessSeconds = 0.2,
            CheckpointIntervalSeconds = checkpointIntervalSeconds,
            PublishTimeoutSeconds = 5,
            LingerMilliseconds = 1,
            FetchWaitMaxMilliseconds = 20,
        };
        _broker.CreateTopics([Options.DecisionsTopic, Options.RewardsTopic, Options.DeadLetterTopic]);
        Connection = new KafkaConnection(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<KafkaConnection>.Instance);
        Decisions = new DecisionPublisher(Connection, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DecisionPublisher>.Instance);
        Rewards = new RewardPublisher(Connection, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<RewardPublisher>.Instance);
        Surfaces = new FixedSurfaceDirectory(new()
        {
            ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(1), 0.0),
            ["nodefault"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(1), null),
            ["slow"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(60), null),
        });
    }

    public KafkaOptions Options { get; }

    public KafkaConnection Connection { get; }

    public DecisionPublisher Decisions { get; }

    public RewardPublisher Rewards { get; }

    public ISurfaceDirectory Surfaces { get; }

    public string BootstrapServers => _broker.BootstrapServers;

    public async Task<(StreamConsumerService Service, StreamConsumerStatus Status, RewardJoin Join)> StartConsumerAsync(
        RecordingLearningSink sink, InMemoryCheckpointStore store, CancellationToken cancellationToken, ISurfaceDirectory? surfaces = null)
    {
        var status = new StreamConsumerStatus();
        var join = new RewardJoin(surfaces ?? Surfaces, Options.ToJoinOptions());
        var service = new StreamConsumerService(
            Connection, Microsoft.Extensions.Options.Options.Create(Options), join, sink, store, status, TimeProvider.System,
            NullLogger<StreamConsumerService>.Instance);
        _running.Add(service);
        await service.StartAsync(cancellationToken);
        await WaitUntilAsync(() => status.IsReady, "the consumer to be assigned and caught up", cancellationToken, () => $"assigned {status.AssignedPartitions}, caught up {status.IsCaughtUp}, faulted {status.IsFaulted}, lag {status.Lag}, task {service.ExecuteTask?.Status} {service.ExecuteTask?.Exception}");
        return (service, status, join);
    }

    public static async Task StopAsync(StreamConsumerService service)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await service.StopAsync(timeout.Token);
    }

    public static DecisionMessage Decision(string eventId, string surface = "home", params string[] items) =>
        JoinMessages.Decision(eventId, DateTimeOffset.UtcNow, surface, items);

    public static RewardMessage Reward(string eventId, string itemId, double reward) =>
        JoinMessages.Reward(eventId, itemId, reward, DateTimeOffset.UtcNow);

    public void PublishDecisions(params DecisionMessage[] decisions)
    {
        foreach (var decision in decisions)
        {
            Decisions.Publish(decision);
        }

        Assert.Equal(0, Decisions.Flush(Patience));
    }

    public async Task PublishRawAsync(string topic, string key, byte[] value, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers }).Build();
        await producer.ProduceAsync(topic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value }, cancellationToken);
    }

    /// <summary>Reads <paramref name="count"/> messages of <paramref name="topic"/> from the beginning (fails after <see cref="Patience"/>).</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadTopic(string topic, int count)
    {
        using var consumer = OpenReader(topic);
        var messages = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + Patience;
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                messages.Add(result);
            }
        }

        Assert.True(
            messages.Count >= count,
            $"expected {count} messages on {topic}, read {messages.Count}: " +
            string.Join("; ", messages.Select(message => string.Join(",", message.Message.Headers?.Select(header => $"{header.Key}={Encoding.UTF8.GetString(header.GetValueBytes())}") ?? []))));
        return messages;
    }

    /// <summary>Every message of <paramref name="topic"/> that arrives within <paramref name="wait"/> (possibly none).</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadAvailable(string topic, TimeSpan wait)
    {
        using var consumer = OpenReader(topic);
        var messages = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                messages.Add(result);
            }
        }

        return messages;
    }

    /// <summary>A consumer of every partition of <paramref name="topic"/> from the beginning.</summary>
    private IConsumer<byte[], byte[]> OpenReader(string topic)
    {
        var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "test-reader",
            EnableAutoCommit = false,
            FetchWaitMaxMs = 20,
        }).Build();
        _broker.CreateTopics([topic]);
        consumer.Assign(Enumerable.Range(0, EmbeddedKafkaBroker.PartitionsPerTopic)
            .Select(partition => new TopicPartitionOffset(topic, partition, Offset.Beginning)));
        return consumer;
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what} {explain?.Invoke()}");
            await Task.Delay(25, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _running)
        {
            await StopAsync(service);
            service.Dispose();
        }

        Rewards.Dispose();
        Decisions.Dispose();
        Connection.Dispose();
        _broker.Dispose();
    }
}
