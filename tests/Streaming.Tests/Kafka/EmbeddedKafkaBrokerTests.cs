using BanditServe.Streaming.Kafka;
using Confluent.Kafka;

namespace BanditServe.Streaming.Tests.Kafka;

public sealed class EmbeddedKafkaBrokerTests
{
    [Fact]
    public async Task Messages_produced_to_the_embedded_broker_are_consumed_over_tcp()
    {
        var ct = TestContext.Current.CancellationToken;
        using var broker = new EmbeddedKafkaBroker();
        Assert.Matches(@"^127\.0\.0\.1:\d+$", broker.BootstrapServers);
        broker.CreateTopics(["probe"]);

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = broker.BootstrapServers, EnableIdempotence = true }).Build();
        var delivered = await producer.ProduceAsync("probe", new Message<string, string> { Key = "k", Value = "hello" }, ct);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        var partitions = KafkaTopics.Partitions(admin, "probe", TimeSpan.FromSeconds(5));
        Assert.Equal(EmbeddedKafkaBroker.PartitionsPerTopic, partitions.Count);

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = broker.BootstrapServers, GroupId = "probe" }).Build();
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        var result = consumer.Consume(TimeSpan.FromSeconds(10));
        Assert.NotNull(result);
        Assert.Equal("hello", result.Message.Value);
    }
}
