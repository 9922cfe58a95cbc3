using System.Text;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Observability;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Publishing;

/// <summary>
/// Writes served decisions to the decisions topic, off the request path: <see cref="Publish"/> only
/// enqueues; the idempotent producer (acks=all) batches and retries, and failures are counted and
/// logged, never thrown at the rank request.
/// </summary>
public sealed class DecisionPublisher : IDisposable
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly ILogger<DecisionPublisher> _logger;
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivered;

    /// <summary>Creates the shared producer.</summary>
    public DecisionPublisher(KafkaConnection connection, IOptions<KafkaOptions> options, ILogger<DecisionPublisher> logger)
    {
        var settings = options.Value;
        _topic = settings.DecisionsTopic;
        _logger = logger;
        _onDelivered = OnDelivered;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = connection.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = settings.LingerMilliseconds,
            ClientId = "banditserve-decisions",
        }).SetErrorHandler((_, error) => Log.KafkaError(_logger, error.IsFatal, error.Reason)).Build();
    }

    /// <summary>Enqueues <paramref name="decision"/> for the decisions topic (key = eventId) and returns at once.</summary>
    public void Publish(DecisionMessage decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(decision.EventId),
            Value = StreamMessageCodec.Serialize(decision),
            Timestamp = new Timestamp(decision.At),
        };
        try
        {
            _producer.Produce(_topic, message, _onDelivered);
        }
        catch (ProduceException<byte[], byte[]> exception)
        {
            // The local queue is full or the producer is fenced: the decision is lost for the
            // topic (the decision log in storage still has it); ranking must not fail for it.
            StreamingMetrics.DecisionPublishErrors.Inc();
            Log.DecisionPublishFailed(_logger, exception.Error.Reason);
        }
        catch (KafkaException exception)
        {
            StreamingMetrics.DecisionPublishErrors.Inc();
            Log.DecisionPublishFailed(_logger, exception.Error.Reason);
        }
    }

    /// <summary>Waits until every enqueued decision is acknowledged or <paramref name="timeout"/> passes.</summary>
    /// <returns>How many decisions are still in flight.</returns>
    public int Flush(TimeSpan timeout) => _producer.Flush(timeout);

    /// <inheritdoc />
    public void Dispose()
    {
        _producer.Flush(FlushTimeout);
        _producer.Dispose();
    }

    private void OnDelivered(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            StreamingMetrics.DecisionPublishErrors.Inc();
            Log.DecisionPublishFailed(_logger, report.Error.Reason);
        }
        else
        {
            StreamingMetrics.DecisionsPublished.Inc();
        }
    }
}
