using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

/// <summary>PP-UCB learning end to end through the public policy: O7 of ALGORITHMS.md §3.8 and the reference script's online runs.</summary>
public sealed class OnlineLearningTests
{
    private static RecoveringPeriodicPolicy CreatePolicy(int slots, int maxIdle, ulong seed) =>
        new(new RecoveryOptions(SlotsPerPeriod: slots, MaxIdlePeriods: maxIdle), seed);

    [Fact]
    public void O7_regret_on_the_easy_instance_grows_sublinearly_and_the_reward_approaches_the_lp_value()
    {
        // Reference (5 seeds): regret 588 at 16k and 1648 at 64k (ratio 2.8); 2nd-half reward 0.4539 at 64k.
        double[] regret16 = new double[5];
        double[] regret64 = new double[5];
        double[] secondHalf64 = new double[5];
        for (int seed = 0; seed < 5; seed++)
        {
            double[] short16 = RecoveringWorld.RunPolicy(ReferenceInstances.Easy, CreatePolicy(1, 3, (ulong)seed), 16_000, new Random(seed));
            double[] long64 = RecoveringWorld.RunPolicy(ReferenceInstances.Easy, CreatePolicy(1, 3, (ulong)seed), 64_000, new Random(seed));
            regret16[seed] = (ReferenceInstances.EasyLpValue * 16_000) - short16.Sum();
            regret64[seed] = (ReferenceInstances.EasyLpValue * 64_000) - long64.Sum();
            secondHalf64[seed] = long64[32_000..].Average();
        }

        double ratio = regret64.Average() / regret16.Average();
        Assert.True(ratio <= 3.5, $"regret(64k)/regret(16k) = {ratio:F3} ({regret64.Average():F1}/{regret16.Average():F1})");
        Assert.True(secondHalf64.Average() >= 0.445, $"2nd-half reward {secondHalf64.Average():F4}");
        Assert.True(secondHalf64.Average() <= ReferenceInstances.EasyLpValue + 1e-9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void With_expected_rewards_the_policy_follows_the_reference_trajectory_exactly(int row)
    {
        // Same UCB, doubling rule, planner, offsets and kept phases as pp_reference.py: same pulls, same plans.
        var (instance, slots, maxIdle, periods, expectedTotal, expectedPlans) = ReferenceInstances.ExpectedRewardTrajectories[row];
        double[][] rewards = instance < 0 ? ReferenceInstances.Easy : ReferenceInstances.RandomInstance(instance);
        var world = new RecoveringWorld(rewards);
        var policy = CreatePolicy(slots, maxIdle, 5);
        for (int arm = 0; arm < world.Arms; arm++)
        {
            policy.UpsertItem(RecoveringWorld.ItemId(arm));
        }

        double total = 0;
        for (int t = 0; t < periods; t++)
        {
            foreach (string item in policy.ScheduledItems(t))
            {
                double mean = world.Pull(RecoveringWorld.ArmOf(item), t);
                total += mean;
                Assert.True(policy.ApplyReward(item, t, mean));
            }
        }

        policy.ScheduledItems(periods);
        Assert.Equal(expectedTotal, total, 1e-9);
        Assert.Equal(expectedPlans, policy.PlanVersion);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Online_reward_on_the_random_reference_instances_is_within_0_04_of_the_script(int instance)
    {
        // The script's 10-seed mean of the 2nd-half reward per period over 20,000 periods. Our random
        // streams differ from Python's and single seeds spread by about ±0.04, so the means may differ by noise.
        double[][] rewards = ReferenceInstances.RandomInstance(instance);
        double mean = Enumerable.Range(0, 10)
            .Select(seed => RecoveringWorld.RunPolicy(rewards, CreatePolicy(2, 4, (ulong)seed), 20_000, new Random(seed))[10_000..].Average())
            .Average();

        Assert.Equal(ReferenceInstances.RandomOnlineSecondHalf[instance], mean, 0.04);
        Assert.True(mean <= ReferenceInstances.RandomLpValue[instance] + 0.01);
    }

    [Fact]
    public void Learned_policy_beats_always_showing_the_top_k_by_mean_in_a_recovering_world()
    {
        // Arrange: 10 items, K = 2, slow recovery (τ 2..6 periods) so showing the same items every period is costly.
        var random = new Random(2024);
        double[] baseline = [.. Enumerable.Range(0, 10).Select(_ => 0.3 + (0.7 * random.NextDouble()))];
        double[] tau = [.. Enumerable.Range(0, 10).Select(_ => 2 + (4 * random.NextDouble()))];
        double[][] rewards = RecoveringWorld.ExponentialRecovery(baseline, tau, 8);
        const int Horizon = 8000;

        // Act
        double learned = RecoveringWorld.RunPolicy(rewards, CreatePolicy(2, 8, 1), Horizon, new Random(1))[(Horizon / 2)..].Average();
        double greedy = RunTopKByMean(rewards, 2, Horizon, new Random(1))[(Horizon / 2)..].Average();
        double lp = PeriodicPlanner.Plan(new RecoveringWorld(rewards).Table(), 8, 2).RelaxationValue;

        // Assert
        // Measured: PP-UCB 0.829, top-K by mean 0.531, LP 1.004.
        Assert.True(learned >= 1.3 * greedy, $"PP-UCB {learned:F4} vs top-K by mean {greedy:F4} (LP {lp:F4})");
        Assert.True(learned >= 0.75 * lp, $"PP-UCB {learned:F4} vs LP {lp:F4}");
    }

    [Fact]
    public void Second_half_reward_is_at_least_90_percent_of_the_true_lp_bound_and_10_points_above_uniform_random_and_myopic()
    {
        // Arrange: a world with known recovery curves R_i(d) = base_i·(1 − exp(−d/τ_i)), 8 items,
        // base 0.3..1, τ 1..3 periods, K = 3, d_max = 4; the LP bound (P) of §3.3 is computed with the true curves.
        // Tolerance: ≥ 0.90·LP for every one of 3 seeds, and ≥ 0.10·LP above each baseline on the 3-seed mean.
        // Measured (seeds 0..2): PP-UCB 0.954/0.965/0.975 of LP 1.5447, uniform random 0.823, myopic 0.729 (about 0.2 s a seed).
        var worldRandom = new Random(8);
        double[] baseline = [.. Enumerable.Range(0, 8).Select(_ => 0.3 + (0.7 * worldRandom.NextDouble()))];
        double[] tau = [.. Enumerable.Range(0, 8).Select(_ => 1 + (2 * worldRandom.NextDouble()))];
        double[][] rewards = RecoveringWorld.ExponentialRecovery(baseline, tau, 4);
        double lp = PeriodicPlanner.Plan(new RecoveringWorld(rewards).Table(), 4, 3).RelaxationValue;
        const int Horizon = 20_000;
        const int SecondHalf = Horizon / 2;

        // Act
        double[] learned = [.. Enumerable.Range(0, 3)
            .Select(seed => RecoveringWorld.RunPolicy(rewards, CreatePolicy(3, 4, (ulong)seed), Horizon, new Random(seed))[SecondHalf..].Average())];
        double uniform = Enumerable.Range(0, 3)
            .Select(seed => RecoveringWorld.RunUniformRandom(rewards, 3, Horizon, new Random(seed))[SecondHalf..].Average())
            .Average();
        double myopic = RecoveringWorld.RunMyopic(rewards, 3, Horizon)[SecondHalf..].Average();

        // Assert
        string summary = $"PP-UCB {string.Join(", ", learned.Select(r => (r / lp).ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))} of LP {lp:F4}; "
            + $"uniform {uniform / lp:F3}, myopic {myopic / lp:F3}";
        Assert.All(learned, reward => Assert.True(reward >= 0.90 * lp, summary));
        Assert.All(learned, reward => Assert.True(reward <= lp + 1e-9, summary));
        Assert.True(learned.Average() >= uniform + (0.10 * lp), summary);
        Assert.True(learned.Average() >= myopic + (0.10 * lp), summary);
    }

    /// <summary>The baseline: every period, the K items with the highest mean reward so far (unseen first, ties to the lower index).</summary>
    private static double[] RunTopKByMean(double[][] rewards, int slots, int horizon, Random random)
    {
        var world = new RecoveringWorld(rewards);
        var sums = new double[world.Arms];
        var counts = new int[world.Arms];
        var earned = new double[horizon];
        for (int t = 0; t < horizon; t++)
        {
            int[] chosen = [.. Enumerable.Range(0, world.Arms)
                .OrderByDescending(arm => counts[arm] == 0 ? double.PositiveInfinity : sums[arm] / counts[arm])
                .ThenBy(arm => arm)
                .Take(slots)];
            foreach (int arm in chosen)
            {
                double mean = world.Pull(arm, t);
                earned[t] += mean;
                sums[arm] += random.NextDouble() < mean ? 1.0 : 0.0;
                counts[arm]++;
            }
        }

        return earned;
    }
}
