using System.Text;
using BanditServe.Streaming.Join;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>
/// A decision for a surface this replica does not know yet (created on another replica a moment ago) is looked
/// up in the shared catalog before it is joined; only a surface the catalog confirms absent is dead-lettered.
/// </summary>
public sealed class UnknownSurfaceLookupTests
{
    private static readonly SurfaceJoinSettings NoDefault = new(TimeSpan.FromSeconds(60), null);

    [Fact]
    public async Task Decision_for_a_surface_only_the_store_knows_is_joined_after_the_lookup()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var directory = new CatalogBackedSurfaceDirectory(new() { ["home"] = NoDefault }, new() { ["fresh"] = NoDefault });
        var sink = new RecordingLearningSink();
        var (_, _, join) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct, directory);

        kafka.PublishDecisions(StreamingHarness.Decision("new-1", "fresh", "a", "b"));
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("new-1", "b", 1.0), ct);

        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count == 1, "the reward of the new surface", ct);
        Assert.Equal(["new-1/b=1"], sink.Learned);
        Assert.Equal("fresh", sink.Examples.Single().Surface);
        Assert.True(join.IsKnownEvent("new-1"));
        Assert.Equal(1, directory.Refreshes);
        Assert.Empty(kafka.ReadAvailable(kafka.Options.DeadLetterTopic, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Decision_for_a_surface_absent_from_the_store_is_still_dead_lettered_as_unknown_surface()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var directory = new CatalogBackedSurfaceDirectory(new() { ["home"] = NoDefault }, new());
        var sink = new RecordingLearningSink();
        await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct, directory);

        kafka.PublishDecisions(StreamingHarness.Decision("nowhere-1", "nowhere", "a"));

        var dead = Assert.Single(kafka.ReadTopic(kafka.Options.DeadLetterTopic, 1));
        Assert.Equal(DeadLetterReasons.UnknownSurface, Header(dead, "reason"));
        Assert.Equal("nowhere-1", Encoding.UTF8.GetString(dead.Message.Key));
        Assert.Equal(1, directory.Refreshes);
        Assert.Empty(sink.Learned);
    }

    [Fact]
    public async Task Store_outage_holds_the_decision_and_its_rewards_instead_of_dead_lettering_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var directory = new CatalogBackedSurfaceDirectory(new() { ["home"] = NoDefault }, new() { ["fresh"] = NoDefault }) { StoreDown = true };
        var sink = new RecordingLearningSink();
        var (_, _, join) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct, directory);

        kafka.PublishDecisions(StreamingHarness.Decision("held-1", "fresh", "a", "b"));
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("held-1", "a", 2.0), ct);
        // Longer than the reward grace (1.5 s): the held decision stops the join clock, so its reward does not expire.
        await StreamingHarness.WaitUntilAsync(() => directory.Refreshes >= 3, "the lookup to be retried", ct);
        await StreamingHarness.WaitUntilAsync(() => join.HeldRewardCount == 1, "the reward to wait for its decision", ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);

        Assert.Empty(kafka.ReadAvailable(kafka.Options.DeadLetterTopic, TimeSpan.FromMilliseconds(300)));
        Assert.Empty(sink.Learned);
        Assert.False(join.IsKnownEvent("held-1"));

        directory.StoreDown = false;
        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Count == 1, "the held decision to be joined once the store answers", ct);
        Assert.Equal(["held-1/a=2"], sink.Learned);
        Assert.Equal(0, join.HeldRewardCount);
        Assert.Empty(kafka.ReadAvailable(kafka.Options.DeadLetterTopic, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_long_hold_pauses_every_partition_until_the_held_decision_is_released()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var directory = new CatalogBackedSurfaceDirectory(new() { ["home"] = NoDefault }, new() { ["fresh"] = NoDefault }) { StoreDown = true };
        var sink = new RecordingLearningSink();
        var (service, _, _) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct, directory);
        service.HoldEverythingAfter = TimeSpan.FromMilliseconds(500);

        kafka.PublishDecisions(StreamingHarness.Decision("held-3", "fresh", "a"));
        await StreamingHarness.WaitUntilAsync(() => directory.Refreshes >= 4, "the hold to outlast its bound", ct);

        // A known surface's decision and reward: joined at once while only one partition is held, not once all are.
        kafka.PublishDecisions(StreamingHarness.Decision("known-1", "home", "a"));
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("known-1", "a", 1.0), ct);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Empty(sink.Learned);

        directory.StoreDown = false;
        await StreamingHarness.WaitUntilAsync(() => sink.Learned.Contains("known-1/a=1"), "every partition to resume once the held decision is joined", ct);
        Assert.Empty(kafka.ReadAvailable(kafka.Options.DeadLetterTopic, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Decision_held_at_shutdown_is_consumed_again_after_the_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        var store = new InMemoryCheckpointStore();
        var down = new CatalogBackedSurfaceDirectory(new() { ["home"] = NoDefault }, new() { ["fresh"] = NoDefault }) { StoreDown = true };
        var (service, _, join) = await kafka.StartConsumerAsync(new RecordingLearningSink(), store, ct, down);
        kafka.PublishDecisions(StreamingHarness.Decision("before", "home", "a"), StreamingHarness.Decision("held-2", "fresh", "a"));
        await kafka.Rewards.PublishAsync(StreamingHarness.Reward("held-2", "a", 3.0), ct);
        await StreamingHarness.WaitUntilAsync(() => down.Refreshes >= 1 && join.HeldRewardCount == 1, "the decision to be held", ct);

        await StreamingHarness.StopAsync(service);
        var up = new CatalogBackedSurfaceDirectory(new() { ["home"] = NoDefault }, new() { ["fresh"] = NoDefault });
        var second = new RecordingLearningSink();
        await kafka.StartConsumerAsync(second, store, ct, up);

        await StreamingHarness.WaitUntilAsync(() => second.Learned.Count == 1, "the held decision's reward after the restart", ct);
        Assert.Equal(["held-2/a=3"], second.Learned);
        Assert.Empty(kafka.ReadAvailable(kafka.Options.DeadLetterTopic, TimeSpan.FromMilliseconds(300)));
    }

    private static string Header(Confluent.Kafka.ConsumeResult<byte[], byte[]> message, string name) =>
        Encoding.UTF8.GetString(message.Message.Headers.GetLastBytes(name));
}
