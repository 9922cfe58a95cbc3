using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

/// <summary>Fixed plans run through the calendar and the skip rule: O2, O3, O5 (skips) and O6 of ALGORITHMS.md §3.8.</summary>
public sealed class PeriodicScheduleTests
{
    [Fact]
    public void O2_round_robin_earns_exactly_0_9_in_every_period_from_the_first()
    {
        double[][] rewards = [[0, 0, 0.9], [0, 0, 0.9], [0, 0, 0.9]];

        double[] earned = RecoveringWorld.RunFixedPlan(rewards, [3, 3, 3], [0, 1, 2], slots: 1, horizon: 30, seed: 1);

        Assert.All(earned, value => Assert.Equal(0.9, value));
    }

    [Fact]
    public void O3_alternating_arms_earn_exactly_ten_over_ten_periods()
    {
        double[][] rewards = [[0.2, 1.0], [0.2, 1.0]];

        double[] earned = RecoveringWorld.RunFixedPlan(rewards, [2, 2], [0, 1], slots: 1, horizon: 10, seed: 1);

        Assert.Equal(10.0, earned.Sum());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Balanced_plans_of_the_random_reference_instances_earn_what_the_script_earns(int instance)
    {
        // The script's offline run over 20,000 periods; with these offsets no period is overloaded,
        // so the expected reward is deterministic and only summation order can differ.
        double[][] rewards = ReferenceInstances.RandomInstance(instance);

        double[] earned = RecoveringWorld.RunFixedPlan(
            rewards, ReferenceInstances.RandomPeriods[instance], ReferenceInstances.RandomOffsets[instance], 2, 20_000, seed: 3);

        Assert.Equal(ReferenceInstances.RandomOfflineAverage[instance], earned.Sum() / earned.Length, 1e-9);
    }

    [Fact]
    public void O5_a_skipped_arm_never_earns_less_than_its_planned_reward()
    {
        // Periods 2 and 3 with K = 1 collide every 6 periods; skipped arms wait longer and, R being non-decreasing, earn at least R(p).
        double[][] rewards = [[0.1, 0.4, 0.7, 0.9], [0.2, 0.3, 0.6, 1.0], [0.05, 0.5, 0.55, 0.8]];
        int[] periods = [2, 3, 4];
        var world = new RecoveringWorld(rewards);
        var calendar = new DueCalendar(periods, [0, 0, 1]);
        int skips = 0;

        for (int t = 0; t < 600; t++)
        {
            int[] due = calendar.Due(t);
            int[] kept = OverloadSkip.Keep(due, 1, seed: 99, t);
            skips += due.Length - kept.Length;
            foreach (int arm in kept)
            {
                Assert.True(world.Pull(arm, t) >= rewards[arm][periods[arm] - 1], $"arm {arm} at {t} earned less than R(p)");
            }
        }

        Assert.True(skips > 0, "the instance must exercise the skip rule");
    }

    [Fact]
    public void O6_thousand_arms_with_random_offsets_keep_between_95_and_99_percent_of_the_lp_value()
    {
        // R(d) = d/10 up to d_max = 10: period 10 for every arm, LP = 100 per period; only collisions lose reward.
        const int Arms = 1000;
        const int Slots = 100;
        double[][] rewards = [.. Enumerable.Range(0, Arms).Select(_ => Enumerable.Range(1, 10).Select(d => d / 10.0).ToArray())];
        var world = new RecoveringWorld(rewards);
        PeriodicPlannerResult plan = PeriodicPlanner.Plan(world.Table(), 10, Slots);
        Assert.All(plan.Periods, p => Assert.Equal(10, p));
        Assert.Equal(100.0, plan.RelaxationValue, 1e-9);

        var ratios = new List<double>();
        foreach (int seed in new[] { 11, 12, 13 })
        {
            var random = new Random(seed);
            int[] offsets = [.. Enumerable.Range(0, Arms).Select(_ => random.Next(10))];

            double[] earned = RecoveringWorld.RunFixedPlan(rewards, plan.Periods, offsets, Slots, horizon: 400, (ulong)seed);

            ratios.Add(earned.Average() / plan.RelaxationValue);
        }

        Assert.InRange(ratios.Average(), 0.95, 0.99);
    }

    [Fact]
    public void The_skip_is_the_same_for_a_seed_and_period_and_differs_across_seeds()
    {
        int[] due = [.. Enumerable.Range(0, 40)];
        int differing = 0;

        for (long period = 0; period < 50; period++)
        {
            int[] first = OverloadSkip.Keep(due, 5, seed: 1, period);
            Assert.Equal(first, OverloadSkip.Keep(due, 5, seed: 1, period));
            Assert.Equal(5, first.Distinct().Count());
            if (!first.SequenceEqual(OverloadSkip.Keep(due, 5, seed: 2, period)))
            {
                differing++;
            }
        }

        Assert.True(differing > 40, $"only {differing} of 50 periods differ between seeds");
    }

    [Fact]
    public void Calendar_lists_exactly_the_due_positions_for_negative_and_positive_periods()
    {
        int[] periods = [1, 2, 2, 3, 5];
        int[] phases = [0, 0, 1, 2, 4];
        var calendar = new DueCalendar(periods, phases);

        for (long t = -40; t < 40; t++)
        {
            long period = t;
            int[] expected = [.. Enumerable.Range(0, periods.Length).Where(k => (((period % periods[k]) + periods[k]) % periods[k]) == phases[k])];
            Assert.Equal(expected, calendar.Due(t));
        }
    }
}
