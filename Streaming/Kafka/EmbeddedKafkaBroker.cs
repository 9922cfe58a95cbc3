using Confluent.Kafka;

namespace BanditServe.Streaming.Kafka;

/// <summary>
/// An in-process Kafka cluster: librdkafka's mock cluster, reachable over real TCP on 127.0.0.1.
/// Not durable (everything is lost on dispose); used by tests and as the server's default when
/// <c>Kafka:BootstrapServers</c> is empty.
/// </summary>
/// <remarks>
/// The mock cluster lives inside the librdkafka handle that creates it, so this class keeps that
/// producer handle open for its whole lifetime and points every other client at the brokers'
/// addresses read from the cluster's metadata.
/// </remarks>
public sealed class EmbeddedKafkaBroker : IDisposable
{
    private readonly IProducer<byte[], byte[]> _clusterOwner;

    /// <summary>Starts a mock cluster with <paramref name="brokerCount"/> brokers.</summary>
    public EmbeddedKafkaBroker(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        var config = new ProducerConfig { BootstrapServers = "embedded:9092" };
        config.Set("test.mock.num.brokers", brokerCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _clusterOwner = new ProducerBuilder<byte[], byte[]>(config).Build();
        try
        {
            using var admin = new DependentAdminClientBuilder(_clusterOwner.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            BootstrapServers = string.Join(',', metadata.Brokers.Select(broker => $"{broker.Host}:{broker.Port}"));
        }
        catch
        {
            _clusterOwner.Dispose();
            throw;
        }
    }

    /// <summary>Comma-separated host:port list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Creates the topics that do not exist yet, with <see cref="PartitionsPerTopic"/> partitions each.
    /// </summary>
    /// <remarks>
    /// The mock cluster does not implement the CreateTopics request; it creates a topic with its
    /// default partition count the first time a client asks for the topic's metadata.
    /// </remarks>
    public void CreateTopics(IEnumerable<string> topics)
    {
        using var admin = new DependentAdminClientBuilder(_clusterOwner.Handle).Build();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
            var created = metadata.Topics.Single(candidate => candidate.Topic == topic);
            if (created.Error.Code != ErrorCode.NoError || created.Partitions.Count == 0)
            {
                throw new KafkaException(created.Error);
            }
        }
    }

    /// <summary>Partitions of each topic the embedded cluster creates (librdkafka's mock default).</summary>
    public const int PartitionsPerTopic = 4;

    /// <inheritdoc />
    public void Dispose() => _clusterOwner.Dispose();
}
