using System.Text;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Tests.Consuming;
using Confluent.Kafka;
using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Streaming.Tests.Fuzzing;

/// <summary>
/// Seeded fuzzing of the consumer: hundreds of generated malformed decisions and rewards on both
/// topics each end in the dead-letter topic, unchanged and with the reason, and the consumer keeps
/// going: valid messages after them are still learned, and nothing malformed is.
/// </summary>
public sealed class MalformedMessageFuzzingTests
{
    private const int MessagesPerTopic = 150;

    [Fact]
    public async Task Generated_malformed_messages_are_all_dead_lettered_and_the_consumer_keeps_learning()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var sink = new RecordingLearningSink();
        var (service, status, join) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct);
        var decisions = MalformedMessages.For(decisions: true).Sample(size: 30, seed: new Rnd(2026), numberOfSamples: MessagesPerTopic);
        var rewards = MalformedMessages.For(decisions: false).Sample(size: 30, seed: new Rnd(1124), numberOfSamples: MessagesPerTopic);

        Assert.Equal((MessagesPerTopic, MessagesPerTopic), (decisions.Length, rewards.Length));
        kafka.PublishDecisions(StreamingHarness.Decision("before", "slow", "a"));
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (var i = 0; i < MessagesPerTopic; i++)
            {
                producer.Produce(kafka.Options.DecisionsTopic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"fuzz-decision-{i}"), Value = decisions[i] });
                producer.Produce(kafka.Options.RewardsTopic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes($"fuzz-reward-{i}"), Value = rewards[i] });
            }

            Assert.Equal(0, producer.Flush(StreamingHarness.Patience));
        }

        kafka.PublishDecisions(StreamingHarness.Decision("after", "slow", "a"));
        await StreamingHarness.WaitUntilAsync(() => join.IsKnownEvent("after"), "the decision after the malformed ones", ct);
        await kafka.Rewards.PublishAsync([StreamingHarness.Reward("before", "a", 1.0), StreamingHarness.Reward("after", "a", 0.5)], ct);
        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count == 2, "both valid rewards", ct);

        var letters = kafka.ReadTopic(kafka.Options.DeadLetterTopic, 2 * MessagesPerTopic);
        var notMalformed = letters.Where(m => Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes("reason")) != DeadLetterReasons.Malformed)
            .Select(m => $"{Encoding.UTF8.GetString(m.Message.Headers.GetLastBytes("error"))}: {Encoding.UTF8.GetString(m.Message.Value ?? [])}")
            .ToList();
        Assert.True(notMalformed.Count == 0, "dead-lettered for another reason than malformed:\n" + string.Join("\n", notMalformed.Take(10)));
        var dead = letters.ToDictionary(m => Encoding.UTF8.GetString(m.Message.Key), m => m);
        Assert.Equal(["after/a=0.5", "before/a=1"], sink.Learned.Order(StringComparer.Ordinal));
        Assert.False(status.IsFaulted);
        Assert.False(service.ExecuteTask!.IsCompleted, "the consumer loop ended");
        for (var i = 0; i < MessagesPerTopic; i++)
        {
            foreach (var (key, value) in new[] { ($"fuzz-decision-{i}", decisions[i]), ($"fuzz-reward-{i}", rewards[i]) })
            {
                Assert.True(dead.TryGetValue(key, out var letter), $"{key} was not dead-lettered: {Encoding.UTF8.GetString(value)}");
                Assert.Equal(value, letter.Message.Value ?? []);
                Assert.Equal(DeadLetterReasons.Malformed, Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes("reason")));
            }
        }
    }
}
