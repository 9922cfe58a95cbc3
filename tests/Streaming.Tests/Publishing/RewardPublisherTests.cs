using System.Diagnostics;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Publishing;
using BanditServe.Streaming.Tests.Consuming;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.Streaming.Tests.Publishing;

public sealed class RewardPublisherTests
{
    [Fact]
    public async Task Published_reward_is_on_the_rewards_topic_once_the_publish_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var reward = StreamingHarness.Reward("e-7", "item-2", 0.25);

        await kafka.Rewards.PublishAsync(reward, ct);

        var message = Assert.Single(kafka.ReadTopic(kafka.Options.RewardsTopic, 1));
        Assert.Equal("e-7"u8.ToArray(), message.Message.Key);
        Assert.True(StreamMessageCodec.TryParseReward(message.Message.Value, out var read, out _));
        Assert.Equal(reward, read);
    }

    [Fact]
    public async Task Publish_to_an_unreachable_broker_fails_fast_with_KafkaUnavailableException()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Options.Create(new KafkaOptions { BootstrapServers = "127.0.0.1:1", PublishTimeoutSeconds = 1 });
        using var connection = new KafkaConnection(options, NullLogger<KafkaConnection>.Instance);
        using var publisher = new RewardPublisher(connection, options, NullLogger<RewardPublisher>.Instance);
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<KafkaUnavailableException>(() => publisher.PublishAsync(StreamingHarness.Reward("e", "a", 1.0), ct));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Invalid_reward_is_refused_before_it_reaches_kafka()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => kafka.Rewards.PublishAsync(StreamingHarness.Reward("e", "a", double.NaN), ct));

        Assert.Contains("finite", error.Message, StringComparison.Ordinal);
    }
}
