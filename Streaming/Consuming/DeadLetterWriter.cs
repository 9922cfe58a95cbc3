using System.Text;
using BanditServe.Streaming.Observability;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace BanditServe.Streaming.Consuming;

/// <summary>Writes refused messages to the dead-letter topic: value unchanged, header <c>error</c> = reason.</summary>
internal sealed class DeadLetterWriter : IDisposable
{
    public const string ErrorHeader = "error";
    public const string ReasonHeader = "reason";
    public const string SourceTopicHeader = "source-topic";

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly ILogger _logger;
    private readonly LogThrottle _kafkaErrorLog = new(LogThrottle.DefaultInterval, TimeProvider.System);
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivered;

    public DeadLetterWriter(string bootstrapServers, string topic, ILogger logger)
    {
        _topic = topic;
        _logger = logger;
        _onDelivered = report =>
        {
            if (report.Error.IsError)
            {
                Log.DeadLetterFailed(_logger, report.Error.Reason);
            }
        };
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            ClientId = "banditserve-dlq",
        }).SetErrorHandler((_, error) => LogThrottle.KafkaError(_kafkaErrorLog, _logger, error)).Build();
    }

    public void Write(string sourceTopic, byte[]? key, byte[] value, string reason, string detail)
    {
        StreamingMetrics.DeadLettered.WithLabels(reason).Inc();
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            Log.MessageDeadLettered(_logger, sourceTopic, reason, detail);
        }

        var message = new Message<byte[], byte[]>
        {
            Key = key!,
            Value = value,
            Headers =
            [
                new Header(ErrorHeader, Encoding.UTF8.GetBytes(detail)),
                new Header(ReasonHeader, Encoding.UTF8.GetBytes(reason)),
                new Header(SourceTopicHeader, Encoding.UTF8.GetBytes(sourceTopic)),
            ],
        };
        try
        {
            _producer.Produce(_topic, message, _onDelivered);
        }
        catch (KafkaException exception)
        {
            Log.DeadLetterFailed(_logger, exception.Error.Reason);
        }
    }

    /// <summary>Waits for what was written so far, so a checkpoint never claims more than the topic holds.</summary>
    public void Flush(TimeSpan timeout) => _producer.Flush(timeout);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}
