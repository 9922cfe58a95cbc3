using System.Globalization;
using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

public sealed class RecoveringPeriodicPolicyTests
{
    private static RecoveringPeriodicPolicy CreatePolicy(int slots = 1, int maxIdle = 3, ulong seed = 42, params string[] items)
    {
        var policy = new RecoveringPeriodicPolicy(new RecoveryOptions(SlotsPerPeriod: slots, MaxIdlePeriods: maxIdle), seed);
        foreach (string item in items)
        {
            policy.UpsertItem(item);
        }

        return policy;
    }

    /// <summary>Serves periods [from, to) and answers every featured item with a reward from the function.</summary>
    private static void Serve(RecoveringPeriodicPolicy policy, long from, long to, Func<string, long, double> reward)
    {
        for (long t = from; t < to; t++)
        {
            foreach (string item in policy.ScheduledItems(t))
            {
                Assert.True(policy.ApplyReward(item, t, reward(item, t)));
            }
        }
    }

    [Fact]
    public void PeriodOf_floors_unix_seconds_by_the_period_length()
    {
        var policy = CreatePolicy();

        Assert.Equal(0, policy.PeriodOf(DateTimeOffset.UnixEpoch.AddSeconds(59.9)));
        Assert.Equal(1, policy.PeriodOf(DateTimeOffset.UnixEpoch.AddSeconds(60)));
        Assert.Equal(-1, policy.PeriodOf(DateTimeOffset.UnixEpoch.AddSeconds(-30)));
        Assert.Equal(29_468_160, policy.PeriodOf(new DateTimeOffset(2026, 1, 11, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Every_call_within_a_period_gives_the_same_items_even_after_changes()
    {
        // Arrange
        var policy = CreatePolicy(2, 3, 42, "a", "b", "c", "d");
        Serve(policy, 0, 5, (_, _) => 1.0);
        IReadOnlyList<string> first = policy.ScheduledItems(5);

        // Act: rewards that double counts, a new item, a deactivation, all within period 5.
        foreach (string item in first)
        {
            for (int k = 0; k < 10; k++)
            {
                policy.ApplyReward(item, 5, 0.0);
            }
        }

        policy.UpsertItem("e");
        policy.DeactivateItem(first[0]);

        // Assert
        Assert.Equal(first, policy.ScheduledItems(5));
        Assert.Equal(first, policy.Schedule(5, 1).Periods[0].Items);
        Assert.Equal(first, CreateReplay(policy).ScheduledItems(5));
    }

    private static RecoveringPeriodicPolicy CreateReplay(RecoveringPeriodicPolicy policy) => RecoveringPeriodicPolicy.FromBytes(policy.ToBytes());

    [Fact]
    public void A_new_item_enters_the_next_plan_and_not_the_current_period()
    {
        // Arrange: a and b have shown zero reward many times, so a fresh optimistic item wins the next plan.
        var policy = CreatePolicy(1, 2, 42, "a", "b");
        for (long t = 0; t < 6; t++)
        {
            foreach (string item in policy.ScheduledItems(t))
            {
                for (int k = 0; k < 200; k++)
                {
                    policy.ApplyReward(item, t, 0.0);
                }
            }
        }

        IReadOnlyList<string> current = policy.ScheduledItems(6);

        // Act
        Assert.True(policy.UpsertItem("fresh"));

        // Assert
        Assert.Equal(current, policy.ScheduledItems(6));
        Assert.DoesNotContain("fresh", policy.ScheduledItems(6));
        Assert.Contains("fresh", policy.ScheduledItems(7));
    }

    [Fact]
    public void A_deactivated_item_stays_in_the_current_period_and_leaves_the_next_plan()
    {
        // Arrange
        var policy = CreatePolicy(1, 3, 42, "a", "b", "c");
        Serve(policy, 0, 4, (_, _) => 0.5);
        string featured = policy.ScheduledItems(4)[0];

        // Act
        Assert.True(policy.DeactivateItem(featured));
        Assert.False(policy.DeactivateItem(featured));

        // Assert
        Assert.Equal([featured], policy.ScheduledItems(4));
        for (long t = 5; t < 20; t++)
        {
            Assert.DoesNotContain(featured, policy.ScheduledItems(t));
        }

        Assert.False(policy.GetItem(featured, 20)!.Active);
        Assert.Null(policy.GetItem(featured, 20)!.CyclePeriods);
    }

    [Fact]
    public void Upsert_reports_only_real_changes()
    {
        var policy = CreatePolicy();

        Assert.True(policy.UpsertItem("a"));
        Assert.False(policy.UpsertItem("a"));
        Assert.True(policy.UpsertItem("a", active: false));
        Assert.False(policy.DeactivateItem("a"));
        Assert.False(policy.DeactivateItem("unknown"));
        Assert.Throws<ArgumentException>(() => policy.UpsertItem(""));
    }

    [Fact]
    public void Inactive_items_are_never_scheduled()
    {
        var policy = CreatePolicy(1, 3, 42, "a");
        policy.UpsertItem("hidden", active: false);

        Assert.DoesNotContain("hidden", Enumerable.Range(0, 12).SelectMany(t => policy.ScheduledItems(t)));
    }

    [Fact]
    public void A_reward_for_an_item_not_featured_in_that_period_is_refused_and_not_learned()
    {
        var policy = CreatePolicy(1, 3, 42, "a", "b", "c");
        string featured = policy.ScheduledItems(0)[0];
        string other = new[] { "a", "b", "c" }.First(item => item != featured);
        long version = policy.Version;

        Assert.False(policy.ApplyReward(other, 0, 1.0));
        Assert.False(policy.ApplyReward("unknown", 0, 1.0));
        Assert.Equal(version, policy.Version);
        Assert.Equal(0, policy.GetItem(other, 0)!.Observations);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_reward_is_refused(double reward)
    {
        var policy = CreatePolicy(1, 3, 42, "a");
        string featured = policy.ScheduledItems(0)[0];

        ArgumentException error = Assert.Throws<ArgumentException>(() => policy.ApplyReward(featured, 0, reward));

        Assert.Equal("reward", error.ParamName);
    }

    [Fact]
    public void A_reward_older_than_the_history_is_refused()
    {
        var policy = new RecoveringPeriodicPolicy(new RecoveryOptions(SlotsPerPeriod: 1, MaxIdlePeriods: 2) { HistoryPeriods = 5 }, 1);
        policy.UpsertItem("a");
        string featured = policy.ScheduledItems(0)[0];
        policy.ScheduledItems(100);

        Assert.False(policy.ApplyReward(featured, 0, 1.0));
        Assert.Empty(policy.ScheduledItems(0));
    }

    [Fact]
    public void Rewards_are_credited_to_the_idle_time_the_item_had_when_featured()
    {
        // One item, K = 1: featured every period after the first, so idle d_max first, then 1.
        var policy = CreatePolicy(1, 4, 42, "a");
        Assert.Equal(["a"], policy.ScheduledItems(0));
        Assert.Equal(["a"], policy.ScheduledItems(1));

        Assert.True(policy.ApplyReward("a", 0, 1.0));
        Assert.True(policy.ApplyReward("a", 1, 0.25));
        Assert.True(policy.ApplyReward("a", 1, 0.75));

        RecoveringItemState state = policy.GetItem("a", 1)!;
        Assert.Equal(1, state.Curve[3].Count);
        Assert.Equal(1.0, state.Curve[3].Mean);
        Assert.Equal(2, state.Curve[0].Count);
        Assert.Equal(0.5, state.Curve[0].Mean);
        Assert.Null(state.Curve[1].Mean);
        Assert.Equal(3, state.Observations);
        Assert.Equal(0, state.LastFeaturedPeriod);
        Assert.Equal(1, state.NextFeaturedPeriod);
        Assert.Equal(1, state.CyclePeriods);
    }

    [Fact]
    public void Late_rewards_are_credited_to_the_idle_time_read_from_the_served_schedules_across_replans()
    {
        // Arrange: K = 2 of 12 items, d_max = 5; rewards differ per item so counts double and plans change.
        const int maxIdle = 5;
        string[] items = [.. Enumerable.Range(0, 12).Select(k => $"item-{k}")];
        var policy = CreatePolicy(2, maxIdle, 7, items);
        var featured = new Dictionary<long, IReadOnlyList<string>>();
        var expected = new Dictionary<(string, int), long>();
        var pending = new List<(string Item, long Period)>();
        long plansSeen = 0;

        // Act: serve 300 periods (skipping every 17th, which still counts as featured), reward each
        // featured item three periods late, and ask for items (forward look-ups) between rewards.
        for (long t = 0; t < 300; t++)
        {
            if (t % 17 != 16)
            {
                pending.AddRange(policy.ScheduledItems(t).Select(item => (item, t)));
            }

            foreach (var (item, period) in pending.Where(p => p.Period <= t - 3).ToList())
            {
                double reward = int.Parse(item["item-".Length..], CultureInfo.InvariantCulture) % 3 == 0 ? 0.9 : 0.1;
                Assert.True(policy.ApplyReward(item, period, reward));
                int idle = Enumerable.Range(1, maxIdle - 1).FirstOrDefault(d => IsFeaturedIn(featured, policy, item, period - d), maxIdle);
                expected[(item, idle)] = expected.GetValueOrDefault((item, idle)) + 1;
                pending.Remove((item, period));
                Assert.NotNull(policy.GetItem(item, t));
            }

            plansSeen = Math.Max(plansSeen, policy.PlanVersion);
        }

        // Assert: every (item, idle) count equals the one recomputed from the published schedules.
        Assert.True(plansSeen > 3, $"only {plansSeen} plans: the test must cross re-plans");
        foreach (string item in items)
        {
            RecoveringItemState state = policy.GetItem(item, 299)!;
            for (int d = 1; d <= maxIdle; d++)
            {
                Assert.Equal(expected.GetValueOrDefault((item, d)), state.Curve[d - 1].Count);
            }
        }

        static bool IsFeaturedIn(Dictionary<long, IReadOnlyList<string>> cache, RecoveringPeriodicPolicy policy, string item, long period)
        {
            if (!cache.TryGetValue(period, out var scheduled))
            {
                scheduled = policy.ScheduledItems(period);
                cache[period] = scheduled;
            }

            return scheduled.Contains(item);
        }
    }

    [Fact]
    public void A_count_that_doubles_replans_from_the_next_period()
    {
        // Arrange
        var once = CreatePolicy(1, 3, 42, "a", "b");
        var twice = CreatePolicy(1, 3, 42, "a", "b");
        string featured = once.ScheduledItems(0)[0];
        twice.ScheduledItems(0);

        // Act
        once.ApplyReward(featured, 0, 1.0);
        twice.ApplyReward(featured, 0, 1.0);
        twice.ApplyReward(featured, 0, 1.0);
        twice.ScheduledItems(0);

        // Assert
        Assert.Equal(1, twice.PlanVersion);
        once.ScheduledItems(1);
        twice.ScheduledItems(1);
        Assert.Equal(1, once.PlanVersion);
        Assert.Equal(2, twice.PlanVersion);
    }

    [Fact]
    public void PreparePlan_makes_the_pending_plan_ahead_without_changing_the_current_period()
    {
        // Arrange
        var policy = CreatePolicy(1, 3, 42, "a", "b");
        Assert.False(policy.PreparePlan());
        IReadOnlyList<string> current = policy.ScheduledItems(0);
        Assert.False(policy.PreparePlan());
        policy.ApplyReward(current[0], 0, 1.0);
        policy.ApplyReward(current[0], 0, 1.0);

        // Act
        Assert.True(policy.PreparePlan());

        // Assert
        Assert.Equal(2, policy.PlanVersion);
        Assert.Equal(current, policy.ScheduledItems(0));
        Assert.Equal(2, policy.Schedule(1, 1).Periods[0].PlanVersion);
        policy.ScheduledItems(1);
        Assert.Equal(2, policy.PlanVersion);
    }

    [Fact]
    public void A_forecast_before_any_period_is_served_does_not_hide_earlier_periods()
    {
        var policy = CreatePolicy(1, 3, 42, "a", "b");

        ScheduleWindow forecast = policy.Schedule(100, 3);
        IReadOnlyList<string> served = policy.ScheduledItems(50);

        Assert.All(forecast.Periods, p => Assert.Single(p.Items));
        Assert.Single(served);
        Assert.Equal(50, policy.LatestServedPeriod);
        Assert.Empty(policy.ScheduledItems(49 - 1440 - 1));
        Assert.True(policy.ApplyReward(served[0], 50, 1.0));
        Assert.Equal(1, policy.GetItem(served[0], 50)!.Curve[2].Count); // never featured before: idle d_max
    }

    [Fact]
    public void Periods_beyond_the_supported_range_are_refused()
    {
        var policy = CreatePolicy(1, 3, 42, "a");

        Assert.Throws<ArgumentOutOfRangeException>(() => policy.ScheduledItems(long.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.ApplyReward("a", long.MinValue, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.GetItem("a", RecoveringPeriodicPolicy.MaxPeriodMagnitude + 1));
        Assert.Null(policy.LatestServedPeriod);
    }

    [Fact]
    public void The_same_seed_and_calls_give_the_same_schedules_and_bytes()
    {
        double[][] rewards = ReferenceInstances.RandomInstance(1);

        double[] first = RecoveringWorld.RunPolicy(rewards, CreatePolicy(2, 4, 7), 3000, new Random(3));
        var policy = CreatePolicy(2, 4, 7);
        double[] second = RecoveringWorld.RunPolicy(rewards, policy, 3000, new Random(3));
        var again = CreatePolicy(2, 4, 7);
        RecoveringWorld.RunPolicy(rewards, again, 3000, new Random(3));

        Assert.Equal(first, second);
        Assert.Equal(policy.ToBytes(), again.ToBytes());
        Assert.Equal(policy.Schedule(2990, 20), again.Schedule(2990, 20), ScheduleComparer.Instance);
    }

    [Fact]
    public void Schedule_lists_consecutive_periods_with_their_plan_versions()
    {
        var policy = CreatePolicy(1, 3, 42, "a", "b", "c");
        Serve(policy, 0, 3, (_, _) => 1.0);

        ScheduleWindow window = policy.Schedule(0, 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(t => (long)t), window.Periods.Select(p => p.Period));
        Assert.Equal(policy.PlanVersion, window.PlanVersion);
        Assert.All(window.Periods.Take(3), p => Assert.Equal(policy.ScheduledItems(p.Period), p.Items));
        Assert.All(window.Periods, p => Assert.InRange(p.Items.Count, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Schedule(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => policy.Schedule(long.MaxValue, 2));
    }

    [Fact]
    public async Task Readers_on_other_threads_see_one_answer_per_period_while_the_writer_learns()
    {
        var policy = CreatePolicy(2, 4, 9, "a", "b", "c", "d", "e", "f");
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        using var stop = new CancellationTokenSource();
        var violations = 0;

        Task[] readers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                long served = policy.LatestServedPeriod ?? 0;
                for (long t = Math.Max(0, served - 3); t <= served; t++)
                {
                    string items = string.Join(',', policy.ScheduledItems(t));
                    if (seen.GetOrAdd(t, items) != items)
                    {
                        Interlocked.Increment(ref violations);
                    }
                }
            }
        }, TestContext.Current.CancellationToken))];

        var random = new Random(1);
        for (long t = 0; t < 400; t++)
        {
            foreach (string item in policy.ScheduledItems(t))
            {
                policy.ApplyReward(item, t, random.NextDouble());
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.Equal(0, violations);
        Assert.True(policy.PlanVersion > 3);
    }
}
