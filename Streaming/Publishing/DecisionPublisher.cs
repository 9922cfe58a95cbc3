using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
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
/// logged (one warning per <see cref="LogThrottle.DefaultInterval"/> at most), never thrown at the rank request.
/// </summary>
public sealed class DecisionPublisher : IDisposable
{
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Decisions waiting for the producer; librdkafka's own queue (100,000 messages by default) follows.</summary>
    private const int QueueCapacity = 100_000;

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly TimeSpan _linger;
    private readonly ILogger<DecisionPublisher> _logger;
    private readonly LogThrottle _kafkaErrorLog = new(LogThrottle.DefaultInterval, TimeProvider.System);
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivered;
    private readonly Channel<DecisionMessage> _queue = Channel.CreateBounded<DecisionMessage>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _pump;
    private readonly LogThrottle _failureLog = new(LogThrottle.DefaultInterval, TimeProvider.System);
    private long _enqueued;
    private long _handled;

    /// <summary>Creates the shared producer.</summary>
    public DecisionPublisher(KafkaConnection connection, IOptions<KafkaOptions> options, ILogger<DecisionPublisher> logger)
    {
        var settings = options.Value;
        _topic = settings.DecisionsTopic;
        _linger = TimeSpan.FromMilliseconds(settings.LingerMilliseconds);
        _logger = logger;
        _onDelivered = OnDelivered;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = connection.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = settings.LingerMilliseconds,
            ClientId = "banditserve-decisions",
            // The delivery handler reads only the error: nothing else is marshalled back per decision.
            DeliveryReportFields = "none",
        }).SetErrorHandler((_, error) => LogThrottle.KafkaError(_kafkaErrorLog, _logger, error)).Build();
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Enqueues <paramref name="decision"/> for the decisions topic (key = eventId) and returns at once.</summary>
    /// <remarks>
    /// Serialisation and the producer call happen on one background loop, not on the rank request's thread:
    /// with every request calling librdkafka's produce, the requests contended on its locks (about 10 % of a
    /// loaded server's samples). A full queue drops the decision for the topic, counted and logged; the decision
    /// log in storage still has it.
    /// </remarks>
    public void Publish(DecisionMessage decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (_queue.Writer.TryWrite(decision))
        {
            Interlocked.Increment(ref _enqueued);
        }
        else
        {
            StreamingMetrics.DecisionPublishErrors.Inc();
            LogFailure("the local publish queue is full or the publisher is shut down");
        }
    }

    /// <summary>Waits until every enqueued decision is acknowledged or <paramref name="timeout"/> passes.</summary>
    /// <returns>How many decisions are still in flight.</returns>
    public int Flush(TimeSpan timeout)
    {
        // Waits for what was enqueued before the call, not for an empty queue that steady traffic never leaves.
        long target = Interlocked.Read(ref _enqueued);
        var started = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref _handled) < target && Stopwatch.GetElapsedTime(started) < timeout)
        {
            Thread.Sleep(1);
        }

        var left = timeout - Stopwatch.GetElapsedTime(started);
        int inFlight = _producer.Flush(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        return inFlight + (int)Math.Max(0, target - Interlocked.Read(ref _handled));
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var decision))
            {
                try
                {
                    Produce(decision);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // One decision that cannot be serialised or produced must not stop the loop (and with it the topic).
                    StreamingMetrics.DecisionPublishErrors.Inc();
                    LogFailure(exception.Message);
                }
                finally
                {
                    Interlocked.Increment(ref _handled);
                }
            }

            if (_linger > TimeSpan.Zero)
            {
                // Handing decisions over in groups wakes this loop once per linger instead of once per decision,
                // which under load was a thread-pool hop for every rank. The price: a decision may reach the broker
                // up to two lingers after rank (this pause, then the producer's own), 10 ms by default.
                await Task.Delay(_linger).ConfigureAwait(false);
            }
        }
    }

    private void Produce(DecisionMessage decision)
    {
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
            LogFailure(exception.Error.Reason);
        }
        catch (KafkaException exception)
        {
            StreamingMetrics.DecisionPublishErrors.Inc();
            LogFailure(exception.Error.Reason);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_pump.Wait(FlushTimeout))
        {
            // The broker is too slow to take the rest: what is still queued is dropped, counted and logged.
            int dropped = 0;
            while (_queue.Reader.TryRead(out _))
            {
                dropped++;
            }

            if (dropped > 0)
            {
                StreamingMetrics.DecisionPublishErrors.Inc(dropped);
                // Once, and the count matters most here: not through the throttle an outage has just filled.
                Log.DecisionPublishFailed(_logger, $"{dropped} queued decisions dropped at shutdown", 0);
            }
        }

        _producer.Flush(FlushTimeout);
        _producer.Dispose();
    }

    /// <summary>Logs a failure, at most once per <see cref="LogThrottle.DefaultInterval"/> with the count of those not logged.</summary>
    private void LogFailure(string reason)
    {
        if (_failureLog.TryEnter(out long suppressed))
        {
            Log.DecisionPublishFailed(_logger, reason, suppressed);
        }
    }

    private void OnDelivered(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            StreamingMetrics.DecisionPublishErrors.Inc();
            LogFailure(report.Error.Reason);
        }
        else
        {
            StreamingMetrics.DecisionsPublished.Inc();
        }
    }
}
