using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Observability;
using BanditServe.Streaming.Publishing;
using BanditServe.Streaming.Tests.Consuming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Tests.Observability;

public sealed class LogThrottleTests
{
    [Fact]
    public void One_occurrence_per_interval_is_logged_with_the_count_of_those_that_were_not()
    {
        var clock = new ManualClock();
        var throttle = new LogThrottle(TimeSpan.FromSeconds(10), clock);

        Assert.True(throttle.TryEnter(out long suppressed));
        Assert.Equal(0, suppressed);
        for (int i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(throttle.TryEnter(out _));
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(throttle.TryEnter(out suppressed));
        Assert.Equal(5, suppressed);
        Assert.False(throttle.TryEnter(out _));
    }

    [Fact]
    public void Many_threads_at_once_let_exactly_one_through_and_count_every_other()
    {
        var throttle = new LogThrottle(TimeSpan.FromHours(1), new ManualClock());
        int logged = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (throttle.TryEnter(out _))
            {
                Interlocked.Increment(ref logged);
            }
        });

        Assert.Equal(1, logged);
    }

    [Fact]
    public async Task An_unreachable_broker_writes_one_warning_not_one_per_refused_reward_or_reconnect()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:1", PublishTimeoutSeconds = 1 });
        using var connection = new KafkaConnection(options, NullLogger<KafkaConnection>.Instance);
        var logger = new WarningCollector<RewardPublisher>();
        using var publisher = new RewardPublisher(connection, options, logger);

        for (int i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<KafkaUnavailableException>(() => publisher.PublishAsync(StreamingHarness.Reward($"e{i}", "a", 1.0), ct));
        }

        // One warning for the refused rewards, and at most one for librdkafka's failed reconnects (several a second).
        Assert.Equal(1, logger.WarningsWithId(3002));
        Assert.InRange(logger.WarningsWithId(3013), 0, 1);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private sealed class WarningCollector<T> : ILogger<T>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _warningIds = new();

        public int WarningsWithId(int eventId) => _warningIds.Count(id => id == eventId);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                _warningIds.Enqueue(eventId.Id);
            }
        }
    }
}
