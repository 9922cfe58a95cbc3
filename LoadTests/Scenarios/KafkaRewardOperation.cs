using System.Text;
using BanditServe.LoadTests.Recording;
using BanditServe.LoadTests.Running;
using Confluent.Kafka;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// One reward produced straight into the rewards topic (API.md "Kafka topics": JSON
/// <c>{eventId,itemId,reward,at}</c>, key = eventId). Latency is until the broker acknowledges
/// (acks=all); an acknowledgement is recorded as 200, a failure by its Kafka error code.
/// </summary>
public sealed class KafkaRewardOperation(IProducer<string, byte[]> producer, DecisionPairs pairs, ClickModel clicks, ScenarioSettings settings) : ILoadOperation
{
    public const string KindName = "kafka-reward";

    public string Kind => KindName;

    public async ValueTask<OperationResult> ExecuteAsync(long sequence, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        var (eventId, itemId) = pairs.For(sequence);
        var clicked = Uniform.Next(settings.Seed, sequence, 300) < clicks.ClickProbability(itemId, 0);
        var value = BanditServeClient.RewardBody(eventId, itemId, clicked ? 1.0 : 0.0, DateTimeOffset.UtcNow);
        try
        {
            await producer.ProduceAsync(settings.RewardsTopic, new Message<string, byte[]> { Key = eventId, Value = value }, cancellationToken);
            return new OperationResult(KindName, DecisionPairs.Acknowledged);
        }
        catch (ProduceException<string, byte[]> exception)
        {
            return new OperationResult(KindName, OperationOutcome.Failed("kafka-" + exception.Error.Code.ToString()));
        }
    }

    /// <summary>A producer for the firehose: acks from all replicas, 1 ms linger so batching does not dominate latency.</summary>
    public static IProducer<string, byte[]> CreateProducer(string bootstrapServers) =>
        new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            LingerMs = 1,
            EnableIdempotence = false,
            MessageTimeoutMs = 10_000,
            ClientId = "banditserve-loadtests",
        })
        .SetKeySerializer(Serializers.Utf8)
        .SetValueSerializer(Serializers.ByteArray)
        .Build();

    /// <summary>The JSON value of a reward message, for tests.</summary>
    public static string Describe(byte[] value) => Encoding.UTF8.GetString(value);
}
