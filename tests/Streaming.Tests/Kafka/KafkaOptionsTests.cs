using BanditServe.Streaming.Kafka;

namespace BanditServe.Streaming.Tests.Kafka;

public sealed class KafkaOptionsTests
{
    [Fact]
    public void The_closed_event_capacity_reaches_the_join_and_a_negative_one_is_refused_by_name()
    {
        Assert.Equal(1_000_000, new KafkaOptions().ToJoinOptions().ClosedEventCapacity);
        Assert.Equal(42, new KafkaOptions { ClosedEventCapacity = 42 }.ToJoinOptions().ClosedEventCapacity);
        Assert.Empty(new KafkaOptions { ClosedEventCapacity = 0 }.Validate());
        Assert.Equal(["Kafka:ClosedEventCapacity must be >= 0"], new KafkaOptions { ClosedEventCapacity = -1 }.Validate());
    }
}
