using System.Text;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Observability;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Publishing;

/// <summary>
/// Writes rewards posted over HTTP to the rewards topic, the same path producers use (API.md,
/// "Rewards"). A publish completes only once the broker acknowledged it (acks=all); when Kafka
/// cannot take it within <see cref="KafkaOptions.PublishTimeoutSeconds"/> it throws
/// <see cref="KafkaUnavailableException"/> so the API answers <c>503</c>. Retrying a failed publish is
/// safe: the join ignores a second reward for the same (eventId, itemId).
/// </summary>
public sealed class RewardPublisher : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly TimeSpan _timeout;
    private readonly ILogger<RewardPublisher> _logger;
    private readonly LogThrottle _kafkaErrorLog = new(LogThrottle.DefaultInterval, TimeProvider.System);
    private readonly LogThrottle _failureLog = new(LogThrottle.DefaultInterval, TimeProvider.System);

    /// <summary>Creates the shared producer.</summary>
    public RewardPublisher(KafkaConnection connection, IOptions<KafkaOptions> options, ILogger<RewardPublisher> logger)
    {
        var settings = options.Value;
        _topic = settings.RewardsTopic;
        _timeout = TimeSpan.FromSeconds(settings.PublishTimeoutSeconds);
        _logger = logger;
        int timeoutMs = (int)Math.Ceiling(_timeout.TotalMilliseconds);
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = connection.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 0,
            // librdkafka fails the delivery itself once this passes, so nothing lingers in its queue
            // after the caller was told 503.
            MessageTimeoutMs = timeoutMs,
            SocketConnectionSetupTimeoutMs = Math.Max(1000, timeoutMs),
            ClientId = "banditserve-rewards",
        }).SetErrorHandler((_, error) => LogThrottle.KafkaError(_kafkaErrorLog, _logger, error)).Build();
    }

    /// <summary>Publishes one reward and waits for the broker's acknowledgement.</summary>
    /// <exception cref="ArgumentException">The reward is invalid (non-finite value, bad ids).</exception>
    /// <exception cref="KafkaUnavailableException">Kafka did not acknowledge it in time.</exception>
    public Task PublishAsync(RewardMessage reward, CancellationToken cancellationToken) =>
        PublishAsync([reward], cancellationToken);

    /// <summary>Publishes rewards (e.g. <c>POST /v1/rewards:batch</c>) and waits until all are acknowledged.</summary>
    /// <exception cref="ArgumentException">A reward is invalid (non-finite value, bad ids).</exception>
    /// <exception cref="KafkaUnavailableException">Kafka did not acknowledge all of them in time; some may have been written.</exception>
    public async Task PublishAsync(IReadOnlyList<RewardMessage> rewards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        for (int i = 0; i < rewards.Count; i++)
        {
            if (StreamMessageCodec.ValidateReward(rewards[i]) is { } problem)
            {
                throw new ArgumentException($"rewards[{i}]: {problem}", nameof(rewards));
            }
        }

        var deliveries = new Task[rewards.Count];
        try
        {
            for (int i = 0; i < rewards.Count; i++)
            {
                deliveries[i] = _producer.ProduceAsync(_topic, ToMessage(rewards[i]), CancellationToken.None);
            }

            // The margin lets librdkafka report its own timeout (with its reason) before ours fires.
            await Task.WhenAll(deliveries).WaitAsync(_timeout + TimeSpan.FromSeconds(1), cancellationToken);
            StreamingMetrics.RewardsPublished.Inc(rewards.Count);
        }
        catch (TimeoutException exception)
        {
            throw Unavailable($"Kafka did not acknowledge the reward within {_timeout.TotalSeconds:0.###} s", exception);
        }
        catch (ProduceException<byte[], byte[]> exception)
        {
            throw Unavailable($"Kafka refused the reward: {exception.Error.Reason}", exception);
        }
        catch (KafkaException exception)
        {
            throw Unavailable($"Kafka refused the reward: {exception.Error.Reason}", exception);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _producer.Flush(_timeout);
        _producer.Dispose();
    }

    private static Message<byte[], byte[]> ToMessage(RewardMessage reward) => new()
    {
        Key = Encoding.UTF8.GetBytes(reward.EventId),
        Value = StreamMessageCodec.Serialize(reward),
    };

    private KafkaUnavailableException Unavailable(string message, Exception inner)
    {
        StreamingMetrics.RewardPublishErrors.Inc();
        if (_failureLog.TryEnter(out long suppressed))
        {
            Log.RewardPublishFailed(_logger, message, suppressed);
        }

        return new KafkaUnavailableException(message, inner);
    }
}
