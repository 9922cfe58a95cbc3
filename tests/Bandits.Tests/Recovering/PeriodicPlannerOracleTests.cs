using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

/// <summary>Oracles O1–O5 of ALGORITHMS.md §3.8 and the reference script's plans, for the offline planner.</summary>
public sealed class PeriodicPlannerOracleTests
{
    private const double Exact = 1e-12;

    [Fact]
    public void O1_two_identical_arms_get_period_two_and_lp_value_three_quarters()
    {
        // Arrange
        double[] curve = [0.5, 0.75, 0.875];

        // Act
        PeriodicPlannerResult result = PeriodicPlanner.Plan([.. curve, .. curve], maxIdlePeriods: 3, slots: 1);

        // Assert
        Assert.Equal(0.75, result.RelaxationValue, Exact);
        Assert.Equal([2, 2], result.Periods);
    }

    [Fact]
    public void O1_envelope_slopes_are_seven_eighths_one_half_and_one_quarter()
    {
        EnvelopeVertex[] hull = UpperConcaveEnvelope.Build([0.5, 0.75, 0.875]);

        double[] slopes = [.. hull.Zip(hull.Skip(1), (a, b) => (b.Value - a.Value) / (b.Rate - a.Rate))];
        double[] lengths = [.. hull.Zip(hull.Skip(1), (a, b) => b.Rate - a.Rate)];

        Assert.Equal([0, 3, 2, 1], hull.Select(v => v.Period));
        Assert.Equal(new[] { 0.875, 0.5, 0.25 }, slopes, (x, y) => Math.Abs(x - y) < Exact);
        Assert.Equal(new[] { 1.0 / 3, 1.0 / 6, 0.5 }, lengths, (x, y) => Math.Abs(x - y) < Exact);
    }

    [Fact]
    public void O2_non_concave_curve_gives_a_single_segment_and_period_three_for_every_arm()
    {
        double[] curve = [0, 0, 0.9];

        EnvelopeVertex[] hull = UpperConcaveEnvelope.Build(curve);
        PeriodicPlannerResult result = PeriodicPlanner.Plan([.. curve, .. curve, .. curve], 3, 1);

        Assert.Equal([0, 3], hull.Select(v => v.Period));
        Assert.Equal(0.9, result.RelaxationValue, Exact);
        Assert.Equal([3, 3, 3], result.Periods);
    }

    [Fact]
    public void O3_two_arms_recovering_in_two_periods_alternate_with_lp_value_one()
    {
        PeriodicPlannerResult result = PeriodicPlanner.Plan([0.2, 1.0, 0.2, 1.0], 2, 1);

        Assert.Equal(1.0, result.RelaxationValue, Exact);
        Assert.Equal([2, 2], result.Periods);
    }

    [Fact]
    public void O4_easy_instance_gives_period_three_for_all_arms_and_lp_value_0_466667()
    {
        var world = new RecoveringWorld(ReferenceInstances.Easy);

        PeriodicPlannerResult result = PeriodicPlanner.Plan(world.Table(), 3, 1);

        Assert.Equal(ReferenceInstances.EasyLpValue, result.RelaxationValue, Exact);
        Assert.Equal(0.3 + 0.1 + (0.2 / 3), result.RelaxationValue, Exact);
        Assert.Equal([3, 3, 3], result.Periods);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Random_reference_instances_reproduce_the_script_lp_value_and_periods(int instance)
    {
        // Instance 2 has a fractional arm that no integer period fits and a fill move (arm 6: 4 -> 3).
        var world = new RecoveringWorld(ReferenceInstances.RandomInstance(instance));

        PeriodicPlannerResult result = PeriodicPlanner.Plan(world.Table(), 4, 2);

        Assert.Equal(ReferenceInstances.RandomLpValue[instance], result.RelaxationValue, Exact);
        Assert.Equal(ReferenceInstances.RandomPeriods[instance], result.Periods);
    }

    [Fact]
    public void O5_every_plan_fits_the_budget_and_never_beats_its_relaxation()
    {
        var random = new Random(674386);
        for (int trial = 0; trial < 400; trial++)
        {
            // Arrange: a non-decreasing random curve per arm.
            int arms = random.Next(1, 13);
            int maxIdle = random.Next(1, 9);
            int slots = random.Next(1, 5);
            var table = new double[arms * maxIdle];
            for (int arm = 0; arm < arms; arm++)
            {
                double level = 0;
                for (int d = 0; d < maxIdle; d++)
                {
                    level = Math.Min(1.0, level + (random.NextDouble() * 0.5));
                    table[(arm * maxIdle) + d] = level;
                }
            }

            // Act
            PeriodicPlannerResult result = PeriodicPlanner.Plan(table, maxIdle, slots);

            // Assert
            double used = result.Periods.Where(p => p > 0).Sum(p => 1.0 / p);
            Assert.True(used <= slots + 1e-12, $"trial {trial}: Σ1/p = {used} > K = {slots}");
            Assert.All(result.Periods, p => Assert.InRange(p, 0, maxIdle));
            Assert.True(result.PeriodicValue <= result.RelaxationValue + 1e-9, $"trial {trial}: rounded value above the LP bound");
        }
    }

    [Fact]
    public void Lp_value_equals_a_plain_greedy_over_all_segments_sorted_at_once()
    {
        // Rewards on a 0.1 grid make ties and collinear vertices common, where the merge order matters most.
        var random = new Random(31);
        for (int trial = 0; trial < 300; trial++)
        {
            int arms = random.Next(1, 40);
            int maxIdle = random.Next(1, 12);
            int slots = random.Next(1, 6);
            double[] table = [.. Enumerable.Range(0, arms).SelectMany(_ =>
            {
                int level = 0;
                return Enumerable.Range(0, maxIdle).Select(_ => (level = Math.Min(10, level + random.Next(0, 4))) / 10.0).ToArray();
            })];

            double value = PeriodicPlanner.Plan(table, maxIdle, slots).RelaxationValue;

            Assert.Equal(PlainGreedyValue(table, maxIdle, slots), value);
        }
    }

    /// <summary>solve_relaxation of pp_reference.py written plainly: one stable sort of every segment.</summary>
    private static double PlainGreedyValue(double[] table, int maxIdle, int slots)
    {
        var segments = new List<(double Slope, int Arm, double Length)>();
        for (int arm = 0; arm < table.Length / maxIdle; arm++)
        {
            EnvelopeVertex[] hull = UpperConcaveEnvelope.Build(table.AsSpan(arm * maxIdle, maxIdle));
            for (int k = 1; k < hull.Length; k++)
            {
                if (hull[k].Rate > hull[k - 1].Rate && hull[k].Value > hull[k - 1].Value)
                {
                    segments.Add(((hull[k].Value - hull[k - 1].Value) / (hull[k].Rate - hull[k - 1].Rate), arm, hull[k].Rate - hull[k - 1].Rate));
                }
            }
        }

        double budget = slots;
        double value = 0;
        foreach (var segment in segments.OrderByDescending(s => s.Slope).ThenBy(s => s.Arm))
        {
            if (budget <= 1e-12)
            {
                break;
            }

            double take = Math.Min(segment.Length, budget);
            value += segment.Slope * take;
            budget -= take;
        }

        return value;
    }

    [Fact]
    public void Plan_with_a_non_finite_reward_is_refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => PeriodicPlanner.Plan([0.1, double.NaN], 2, 1));

        Assert.Equal("rewardTable", error.ParamName);
    }

    [Fact]
    public void Plan_with_a_table_not_a_multiple_of_the_idle_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PeriodicPlanner.Plan([0.1, 0.2, 0.3], 2, 1));
    }
}
