using System.Text;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Tests.Consuming;

public sealed class StreamConsumerServiceTests
{
    [Fact]
    public async Task Decisions_and_rewards_published_to_kafka_reach_the_sink_as_exactly_the_expected_examples()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var sink = new RecordingLearningSink();
        await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct);

        var e1 = StreamingHarness.Decision("e1", "home", "a", "b");
        kafka.PublishDecisions(e1, StreamingHarness.Decision("e2", "home", "a", "b"), StreamingHarness.Decision("e3", "nodefault", "a", "b"));
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("e1", "a", 1.0), ct);
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("e1", "a", 1.0), ct);
        await kafka.Rewards.PublishAsync([StreamingHarness.Reward("e2", "b", 0.5), StreamingHarness.Reward("e3", "b", 2.0)], ct);

        string[] expected = ["e1/a=1", "e1/b=0 default", "e2/a=0 default", "e2/b=0.5", "e3/b=2"];
        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count >= expected.Length, "every example", ct);
        await Task.Delay(500, ct);

        Assert.Equal(expected, sink.Learned.Order(StringComparer.Ordinal));
        var joined = sink.Examples.Single(example => example.EventId == "e1" && example.ItemId == "a");
        Assert.Equal(e1.Features!, joined.Features.Dense!);
        Assert.Equal("home", joined.Surface);
        Assert.False(joined.IsDefaultReward);
    }

    [Fact]
    public async Task Reward_published_before_its_decision_is_joined_when_the_decision_arrives_within_the_grace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var sink = new RecordingLearningSink();
        var (_, _, join) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct);

        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("early", "b", 3.0), ct);
        await StreamingHarness.WaitUntilAsync(() => join.HeldRewardCount == 1, "the reward to be held", ct);
        kafka.PublishDecisions(StreamingHarness.Decision("early", "nodefault", "a", "b"));

        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count == 1, "the held reward to be joined", ct);
        Assert.Equal(["early/b=3"], sink.Learned);
        Assert.Equal(0, join.HeldRewardCount);
    }

    [Fact]
    public async Task Malformed_and_unjoinable_messages_are_dead_lettered_with_the_error_header_and_the_consumer_continues()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var sink = new RecordingLearningSink(refuse: example => example.ItemId == "refused" ? "item 'refused' is unknown" : null);
        var (_, _, join) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct);

        byte[] notJson = Encoding.UTF8.GetBytes("{\"eventId\": oops");
        byte[] nanReward = Encoding.UTF8.GetBytes("""{"eventId":"x","itemId":"a","reward":NaN,"at":"2026-11-24T12:00:00Z"}""");
        await kafka.PublishRawAsync(kafka.Options.RewardsTopic, "x", notJson, ct);
        await kafka.PublishRawAsync(kafka.Options.DecisionsTopic, "y", nanReward, ct);
        kafka.PublishDecisions(StreamingHarness.Decision("ok", "nodefault", "a", "refused"), StreamingHarness.Decision("lost", "nowhere", "a"));
        await StreamingHarness.WaitUntilAsync(() => join.IsKnownEvent("ok"), "the valid decision", ct);
        await kafka.Rewards.PublishAsync(
            [StreamingHarness.Reward("ok", "zzz", 1.0), StreamingHarness.Reward("ghost", "a", 1.0), StreamingHarness.Reward("ok", "refused", 1.0), StreamingHarness.Reward("ok", "a", 1.0)], ct);

        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count == 1, "the valid reward", ct);
        Assert.Equal(["ok/a=1"], sink.Learned);

        var dead = kafka.ReadTopic(kafka.Options.DeadLetterTopic, 6)
            .ToDictionary(message => Header(message, "reason") + ":" + Encoding.UTF8.GetString(message.Message.Key));
        Assert.Equal(6, dead.Count);
        Assert.Equal(notJson, dead["malformed:x"].Message.Value);
        Assert.StartsWith("malformed reward: malformed JSON", Header(dead["malformed:x"], "error"), StringComparison.Ordinal);
        Assert.Equal(kafka.Options.RewardsTopic, Header(dead["malformed:x"], "source-topic"));
        Assert.Equal(nanReward, dead["malformed:y"].Message.Value);
        Assert.StartsWith("malformed decision: malformed JSON", Header(dead["malformed:y"], "error"), StringComparison.Ordinal);
        Assert.Equal(kafka.Options.DecisionsTopic, Header(dead["malformed:y"], "source-topic"));
        Assert.Contains(dead.Keys, key => key == $"{DeadLetterReasons.UnknownSurface}:lost");
        Assert.Contains("did not show item 'zzz'", Header(dead[$"{DeadLetterReasons.ItemNotShown}:ok"], "error"), StringComparison.Ordinal);
        Assert.Contains("no decision for event 'ghost'", Header(dead[$"{DeadLetterReasons.UnknownEvent}:ghost"], "error"), StringComparison.Ordinal);
        Assert.Equal("learning rejected: item 'refused' is unknown", Header(dead[$"{DeadLetterReasons.LearningRejected}:ok"], "error"));
        Assert.True(StreamMessageCodec.TryParseReward(dead[$"{DeadLetterReasons.UnknownEvent}:ghost"].Message.Value, out var ghost, out _));
        Assert.Equal("ghost", ghost.EventId);
    }

    [Fact]
    public async Task Restart_from_the_shutdown_checkpoint_applies_nothing_twice_and_loses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var store = new InMemoryCheckpointStore();
        var first = new RecordingLearningSink();
        var (service, _, join) = await kafka.StartConsumerAsync(first, store, ct);
        kafka.PublishDecisions(StreamingHarness.Decision("d1", "slow", "a", "b"), StreamingHarness.Decision("d2", "home", "a"));
        await kafka.Rewards.PublishAsync([StreamingHarness.Reward("d1", "a", 1.0), StreamingHarness.Reward("d2", "a", 2.0)], ct);
        await StreamingHarness.WaitUntilAsync(() => first.Learned.Count == 2, "the first batch", ct);
        kafka.PublishDecisions(StreamingHarness.Decision("d3", "slow", "a", "b"));
        await StreamingHarness.WaitUntilAsync(() => join.IsKnownEvent("d3"), "the decision d3", ct);

        await StreamingHarness.StopAsync(service);
        Assert.Single(store.Saved);
        await kafka.Rewards.PublishAsync([StreamingHarness.Reward("d3", "b", 4.0), StreamingHarness.Reward("d1", "a", 9.0), StreamingHarness.Reward("d1", "b", 5.0)], ct);
        var second = new RecordingLearningSink();
        var (_, _, restoredJoin) = await kafka.StartConsumerAsync(second, store, ct);

        string[] expected = ["d1/a=1", "d1/b=5", "d2/a=2", "d3/b=4"];
        await StreamingHarness.WaitUntilAsync(() => second.Learned.Count >= expected.Length, "the second batch", ct);
        await Task.Delay(500, ct);
        Assert.Equal(expected, second.Learned.Order(StringComparer.Ordinal));
        Assert.Equal(["d1/b=5", "d3/b=4"], second.Examples.Select(RecordingLearningSink.Key).Order(StringComparer.Ordinal));
        Assert.True(restoredJoin.IsKnownEvent("d1"));
    }

    [Fact]
    public async Task Crash_after_a_periodic_checkpoint_replays_from_it_to_the_same_model()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness(checkpointIntervalSeconds: 0.2);
        var store = new InMemoryCheckpointStore();
        var first = new RecordingLearningSink();
        var (service, status, _) = await kafka.StartConsumerAsync(first, store, ct);
        kafka.PublishDecisions(StreamingHarness.Decision("c1", "nodefault", "a", "b"), StreamingHarness.Decision("c2", "nodefault", "a", "b"));
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("c1", "a", 1.0), ct);
        await StreamingHarness.WaitUntilAsync(() => first.Learned.Count == 1, "the first reward", ct);
        var afterFirst = DateTimeOffset.UtcNow;
        await StreamingHarness.WaitUntilAsync(() => status.LastCheckpointAt > afterFirst, "a checkpoint that holds it", ct);

        store.Freeze();
        await kafka.Rewards.PublishAsync([StreamingHarness.Reward("c1", "b", 2.0), StreamingHarness.Reward("c2", "a", 3.0), StreamingHarness.Reward("c1", "a", 7.0)], ct);
        await StreamingHarness.WaitUntilAsync(() => first.Learned.Count == 3, "the rewards after the checkpoint", ct);
        await StreamingHarness.StopAsync(service);

        var second = new RecordingLearningSink();
        await kafka.StartConsumerAsync(second, store, ct);
        await StreamingHarness.WaitUntilAsync(() => second.Learned.Count >= 3, "the replay", ct);
        await Task.Delay(500, ct);

        Assert.Equal(["c1/a=1", "c1/b=2", "c2/a=3"], second.Learned.Order(StringComparer.Ordinal));
        Assert.Equal(first.Learned.Order(StringComparer.Ordinal), second.Learned.Order(StringComparer.Ordinal));
        Assert.Equal(2, second.Examples.Count);
    }

    private static string Header(Confluent.Kafka.ConsumeResult<byte[], byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));
}
