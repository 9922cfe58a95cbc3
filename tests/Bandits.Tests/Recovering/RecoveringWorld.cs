using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

/// <summary>
/// A simulated world of recovering arms (ALGORITHMS.md §3.2): pulling arm i after d idle periods
/// pays a Bernoulli reward of mean R_i(min(d, d_max)); never-pulled arms are fully recovered.
/// Mirrors <c>run</c> of <c>pp_reference.py</c>; the expected reward (not the draw) is what is scored.
/// </summary>
internal sealed class RecoveringWorld
{
    private readonly double[][] _rewards;
    private readonly long[] _lastPulled;

    public RecoveringWorld(double[][] rewards)
    {
        _rewards = rewards;
        MaxIdle = rewards[0].Length;
        _lastPulled = new long[rewards.Length];
        Array.Fill(_lastPulled, long.MinValue);
    }

    public int Arms => _rewards.Length;

    public int MaxIdle { get; }

    public static string ItemId(int arm) => $"arm-{arm}";

    public static int ArmOf(string itemId) => int.Parse(itemId.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Row-major N × d_max table for <see cref="PeriodicPlanner.Plan"/>.</summary>
    public double[] Table() => [.. _rewards.SelectMany(row => row)];

    /// <summary>Pulls an arm in period t and returns its expected reward R_i(min(idle, d_max)).</summary>
    public double Pull(int arm, long period)
    {
        long last = _lastPulled[arm];
        int idle = last == long.MinValue ? MaxIdle : (int)Math.Min(MaxIdle, period - last);
        _lastPulled[arm] = period;
        return _rewards[arm][idle - 1];
    }

    /// <summary>Runs the policy for periods 0..T−1; Bernoulli rewards from <paramref name="random"/>. Returns the expected reward per period.</summary>
    public static double[] RunPolicy(double[][] rewards, RecoveringPeriodicPolicy policy, int periods, Random random)
    {
        var world = new RecoveringWorld(rewards);
        for (int arm = 0; arm < world.Arms; arm++)
        {
            policy.UpsertItem(ItemId(arm));
        }

        var earned = new double[periods];
        for (int t = 0; t < periods; t++)
        {
            foreach (string item in policy.ScheduledItems(t))
            {
                double mean = world.Pull(ArmOf(item), t);
                earned[t] += mean;
                double reward = random.NextDouble() < mean ? 1.0 : 0.0;
                if (!policy.ApplyReward(item, t, reward))
                {
                    throw new InvalidOperationException($"reward for featured {item} in period {t} was refused");
                }
            }
        }

        return earned;
    }

    /// <summary>
    /// Runs a fixed periodic plan (periods and phases relative to period 0) through the calendar and the
    /// random skip, as the offline run of the reference script does. Returns the expected reward per period.
    /// </summary>
    public static double[] RunFixedPlan(double[][] rewards, IReadOnlyList<int> periods, IReadOnlyList<int> phases, int slots, int horizon, ulong seed)
    {
        var world = new RecoveringWorld(rewards);
        int[] planned = [.. Enumerable.Range(0, periods.Count).Where(arm => periods[arm] > 0)];
        var calendar = new DueCalendar([.. planned.Select(arm => periods[arm])], [.. planned.Select(arm => phases[arm])]);
        var earned = new double[horizon];
        for (int t = 0; t < horizon; t++)
        {
            foreach (int position in OverloadSkip.Keep(calendar.Due(t), slots, seed, t))
            {
                earned[t] += world.Pull(planned[position], t);
            }
        }

        return earned;
    }

    /// <summary>
    /// Uniform random baseline: K distinct arms drawn uniformly each period (partial Fisher–Yates).
    /// Returns the expected reward per period.
    /// </summary>
    public static double[] RunUniformRandom(double[][] rewards, int slots, int horizon, Random random)
    {
        var world = new RecoveringWorld(rewards);
        int[] arms = [.. Enumerable.Range(0, world.Arms)];
        var earned = new double[horizon];
        for (int t = 0; t < horizon; t++)
        {
            for (int k = 0; k < slots; k++)
            {
                int pick = random.Next(k, arms.Length);
                (arms[k], arms[pick]) = (arms[pick], arms[k]);
                earned[t] += world.Pull(arms[k], t);
            }
        }

        return earned;
    }

    /// <summary>
    /// Myopic baseline with the true curves: every period the K arms with the highest base reward
    /// R_i(d_max) (ties to the lower index), ignoring that a pull exhausts them. Returns the expected reward per period.
    /// </summary>
    public static double[] RunMyopic(double[][] rewards, int slots, int horizon)
    {
        var world = new RecoveringWorld(rewards);
        int[] top = [.. Enumerable.Range(0, world.Arms).OrderByDescending(arm => rewards[arm][world.MaxIdle - 1]).ThenBy(arm => arm).Take(slots)];
        var earned = new double[horizon];
        for (int t = 0; t < horizon; t++)
        {
            foreach (int arm in top)
            {
                earned[t] += world.Pull(arm, t);
            }
        }

        return earned;
    }

    /// <summary>R_i(d) = base_i·(1 − exp(−d/τ_i)) for d = 1..d_max, as in the reference script's random instances.</summary>
    public static double[][] ExponentialRecovery(IReadOnlyList<double> baseline, IReadOnlyList<double> tau, int maxIdle) =>
        [.. baseline.Select((b, i) => Enumerable.Range(1, maxIdle).Select(d => b * (1 - Math.Exp(-d / tau[i]))).ToArray())];
}
