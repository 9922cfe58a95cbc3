using BanditServe.Streaming.Consuming;
using Confluent.Kafka;

namespace BanditServe.Streaming.Tests.Consuming;

public sealed class PartitionWatermarksTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TopicPartition Decisions = new("d", 0);
    private static readonly TopicPartition Rewards = new("r", 0);

    [Fact]
    public void Clock_waits_until_every_partition_has_shown_progress()
    {
        var watermarks = new PartitionWatermarks();
        watermarks.Track([Decisions, Rewards]);
        watermarks.ReachedEnd(Decisions);

        Assert.Null(watermarks.Watermark(Now));
        Assert.False(watermarks.AllReachedEndOnce);
    }

    [Fact]
    public void Clock_is_held_back_by_the_partition_that_is_furthest_behind()
    {
        var watermarks = new PartitionWatermarks();
        watermarks.Track([Decisions, Rewards]);
        watermarks.Consumed(Decisions, Now.AddMinutes(-10));
        watermarks.Consumed(Rewards, Now.AddMinutes(-3));

        Assert.Equal(Now.AddMinutes(-10), watermarks.Watermark(Now));

        watermarks.ReachedEnd(Decisions);
        Assert.Equal(Now.AddMinutes(-3), watermarks.Watermark(Now));

        watermarks.ReachedEnd(Rewards);
        Assert.Equal(Now, watermarks.Watermark(Now));
        Assert.True(watermarks.AllReachedEndOnce);
    }
}
