using BanditServe.Streaming.Observability;

namespace BanditServe.Streaming.Tests.Consuming;

public sealed class ConsumerLagTests
{
    [Fact]
    public async Task Lag_is_reported_per_partition_while_the_consumer_is_behind_and_falls_to_zero_once_it_catches_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var kafka = new StreamingHarness();
        // A slow learner (5 ms per example) keeps the consumer behind across several of its once-a-second
        // status reports.
        var sink = new RecordingLearningSink(_ =>
        {
            Thread.Sleep(5);
            return null;
        });
        var (_, status, _) = await kafka.StartConsumerAsync(sink, new InMemoryCheckpointStore(), ct);
        var decisions = Enumerable.Range(0, 600).Select(i => StreamingHarness.Decision($"lag{i}", "slow", "a")).ToArray();
        kafka.PublishDecisions(decisions);
        await kafka.Rewards.PublishAsync([.. decisions.Select(decision => StreamingHarness.Reward(decision.EventId, "a", 1.0))], ct);

        var behind = new Dictionary<(string Topic, int Partition), long>();
        var deadline = DateTime.UtcNow + StreamingHarness.Patience;
        while (sink.Learned.Count < decisions.Length && DateTime.UtcNow < deadline)
        {
            foreach (var lag in status.PartitionLags)
            {
                behind[(lag.Topic, lag.Partition)] = Math.Max(behind.GetValueOrDefault((lag.Topic, lag.Partition)), lag.Messages);
            }

            await Task.Delay(10, ct);
        }

        Assert.Equal(decisions.Length, sink.Learned.Count);
        // Which partitions show it depends on when the once-a-second reports fall; some must have.
        Assert.Contains(behind, entry => entry.Value > 0);
        Assert.True(behind.Values.Sum() <= decisions.Length * 2, $"lag above the messages produced: {string.Join(", ", behind)}");

        // Caught up: one entry per assigned partition of both topics, every one at zero, summing to the total.
        await StreamingHarness.WaitUntilAsync(
            () => status.PartitionLags.Count == status.AssignedPartitions && status.PartitionLags.All(lag => lag.Messages == 0),
            "every partition's lag to reach zero", ct, () => string.Join(", ", status.PartitionLags));
        Assert.Equal(0, status.Lag);
        Assert.Equal(
            [kafka.Options.DecisionsTopic, kafka.Options.RewardsTopic],
            status.PartitionLags.Select(lag => lag.Topic).Distinct().Order(StringComparer.Ordinal));
        var exported = StreamingMetrics.PartitionLag.GetAllLabelValues().Select(labels => (labels[0], labels[1])).ToHashSet();
        Assert.All(status.PartitionLags, lag => Assert.Contains((lag.Topic, lag.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture)), exported));
    }
}
