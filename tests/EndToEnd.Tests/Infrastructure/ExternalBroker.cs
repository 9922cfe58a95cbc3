using System.Text;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using Confluent.Kafka;

namespace BanditServe.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A Kafka broker that outlives the server processes under test: Confluent's mock cluster hosted in
/// the test process, spoken to over TCP by the servers exactly like a real broker.
/// </summary>
public sealed class ExternalBroker : IDisposable
{
    public const string DecisionsTopic = "banditserve.decisions";
    public const string RewardsTopic = "banditserve.rewards";
    public const string DeadLetterTopic = "banditserve.dlq";

    private readonly EmbeddedKafkaBroker _broker = new();
    private readonly IProducer<byte[], byte[]> _producer;

    public ExternalBroker()
    {
        _broker.CreateTopics([DecisionsTopic, RewardsTopic, DeadLetterTopic]);
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        }).Build();
    }

    public string BootstrapServers => _broker.BootstrapServers;

    /// <summary>Produces a reward as an event producer would; returns once the broker acknowledged it.</summary>
    public Task ProduceRewardAsync(string eventId, string itemId, double reward, DateTimeOffset at) =>
        _producer.ProduceAsync(RewardsTopic, new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(eventId),
            Value = StreamMessageCodec.Serialize(new RewardMessage { EventId = eventId, ItemId = itemId, Reward = reward, At = at }),
        });

    public void Dispose()
    {
        _producer.Dispose();
        _broker.Dispose();
    }
}
