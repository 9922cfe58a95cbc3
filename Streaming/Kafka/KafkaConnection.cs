using BanditServe.Streaming.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Kafka;

/// <summary>
/// The cluster this server talks to: the configured one, or an <see cref="EmbeddedKafkaBroker"/>
/// started here when <c>Kafka:BootstrapServers</c> is empty. Shared by every client of the process.
/// </summary>
public sealed class KafkaConnection : IDisposable
{
    private readonly KafkaOptions _options;
    private readonly EmbeddedKafkaBroker? _embedded;

    /// <summary>Connects to the configured cluster or starts the embedded one.</summary>
    public KafkaConnection(IOptions<KafkaOptions> options, ILogger<KafkaConnection> logger)
    {
        _options = options.Value;
        if (_options.IsEmbedded)
        {
            _embedded = new EmbeddedKafkaBroker();
            BootstrapServers = _embedded.BootstrapServers;
            Log.EmbeddedBrokerStarted(logger, BootstrapServers);
        }
        else
        {
            BootstrapServers = _options.BootstrapServers;
        }
    }

    /// <summary>Comma-separated host:port list for clients.</summary>
    public string BootstrapServers { get; }

    /// <summary>Whether the in-process, non-durable broker is in use.</summary>
    public bool IsEmbedded => _embedded is not null;

    /// <summary>Creates the decisions, rewards and dead-letter topics where missing (when <see cref="KafkaOptions.CreateTopics"/>).</summary>
    public async Task EnsureTopicsAsync(CancellationToken cancellationToken)
    {
        string[] topics = [_options.DecisionsTopic, _options.RewardsTopic, _options.DeadLetterTopic];
        if (_embedded is not null)
        {
            _embedded.CreateTopics(topics);
        }
        else if (_options.CreateTopics)
        {
            await KafkaTopics.EnsureCreatedAsync(BootstrapServers, topics, _options.TopicPartitions, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _embedded?.Dispose();
}
