using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

public sealed class CheckpointTests
{
    private static RecoveringPeriodicPolicy Trained(out double[][] rewards)
    {
        rewards = ReferenceInstances.RandomInstance(2);
        var policy = new RecoveringPeriodicPolicy(new RecoveryOptions(PeriodSeconds: 30, SlotsPerPeriod: 2, MaxIdlePeriods: 4, DefaultReward: 0.1) { HistoryPeriods = 100 }, 77);
        RecoveringWorld.RunPolicy(rewards, policy, 500, new Random(8));
        policy.UpsertItem("late-item");
        policy.DeactivateItem(RecoveringWorld.ItemId(3));
        return policy;
    }

    [Fact]
    public void Bytes_round_trip_exactly()
    {
        RecoveringPeriodicPolicy policy = Trained(out _);

        byte[] bytes = policy.ToBytes();
        RecoveringPeriodicPolicy restored = RecoveringPeriodicPolicy.FromBytes(bytes);

        Assert.Equal(bytes, restored.ToBytes());
        Assert.Equal(policy.Options, restored.Options);
        Assert.Equal((policy.Seed, policy.Version, policy.PlanVersion, policy.LatestServedPeriod, policy.ItemCount),
            (restored.Seed, restored.Version, restored.PlanVersion, restored.LatestServedPeriod, restored.ItemCount));
    }

    [Fact]
    public void A_restored_policy_answers_and_learns_exactly_like_the_original()
    {
        // Arrange
        RecoveringPeriodicPolicy policy = Trained(out double[][] rewards);
        RecoveringPeriodicPolicy restored = RecoveringPeriodicPolicy.FromBytes(policy.ToBytes());

        // Assert: past, current and forecast periods, and item states.
        Assert.Equal(policy.Schedule(420, 100), restored.Schedule(420, 100), ScheduleComparer.Instance);
        foreach (string item in Enumerable.Range(0, 8).Select(RecoveringWorld.ItemId).Append("late-item"))
        {
            AssertSameState(policy.GetItem(item, 499)!, restored.GetItem(item, 499)!);
        }

        // Act: keep going on both with the same rewards.
        for (long t = 500; t < 700; t++)
        {
            IReadOnlyList<string> featured = policy.ScheduledItems(t);
            Assert.Equal(featured, restored.ScheduledItems(t));
            foreach (string item in featured)
            {
                double reward = ((t * 31) + item.Length) % 7 / 7.0;
                Assert.True(policy.ApplyReward(item, t, reward));
                Assert.True(restored.ApplyReward(item, t, reward));
            }
        }

        Assert.Equal(policy.ToBytes(), restored.ToBytes());
        Assert.True(restored.PlanVersion > 1);
        Assert.NotNull(rewards);
    }

    [Fact]
    public void Corrupt_bytes_are_refused()
    {
        byte[] bytes = Trained(out _).ToBytes();

        Assert.Throws<ArgumentException>(() => RecoveringPeriodicPolicy.FromBytes(bytes.AsSpan(0, bytes.Length - 3)));
        Assert.Throws<ArgumentException>(() => RecoveringPeriodicPolicy.FromBytes([.. bytes, 0]));
        byte[] wrongMagic = [.. bytes];
        wrongMagic[0] ^= 0xFF;
        Assert.Throws<ArgumentException>(() => RecoveringPeriodicPolicy.FromBytes(wrongMagic));
        Assert.Throws<ArgumentException>(() => RecoveringPeriodicPolicy.FromBytes([]));
    }

    private static void AssertSameState(RecoveringItemState expected, RecoveringItemState actual)
    {
        Assert.Equal(expected with { Curve = [] }, actual with { Curve = [] });
        Assert.Equal(expected.Curve, actual.Curve);
    }
}
