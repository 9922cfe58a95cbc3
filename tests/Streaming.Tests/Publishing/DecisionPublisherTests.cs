using System.Text;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Tests.Consuming;

namespace BanditServe.Streaming.Tests.Publishing;

public sealed class DecisionPublisherTests
{
    [Fact]
    public async Task Decisions_published_from_many_threads_at_once_are_each_on_the_topic_once_after_a_flush()
    {
        await using var kafka = new StreamingHarness();
        const int threads = 8;
        const int perThread = 250;

        Parallel.For(0, threads, thread =>
        {
            for (var i = 0; i < perThread; i++)
            {
                kafka.Decisions.Publish(StreamingHarness.Decision($"t{thread}-{i}", "home", "a", "b"));
            }
        });
        var stillInFlight = kafka.Decisions.Flush(StreamingHarness.Patience);

        Assert.Equal(0, stillInFlight);
        var messages = kafka.ReadTopic(kafka.Options.DecisionsTopic, threads * perThread);
        Assert.Equal(threads * perThread, messages.Count);
        var keys = messages.Select(message => Encoding.UTF8.GetString(message.Message.Key)).ToList();
        Assert.Equal(threads * perThread, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(messages, message =>
        {
            Assert.True(StreamMessageCodec.TryParseDecision(message.Message.Value, out var decision, out var error), error);
            Assert.Equal(Encoding.UTF8.GetString(message.Message.Key), decision!.EventId);
        });
    }
}
