namespace BanditServe.Bandits.Recovering;

/// <summary>
/// Balanced phases for a purely periodic plan (ALGORITHMS.md §3.3 "Balanced offsets", the default):
/// arms in increasing period order each take the phase that adds the least overflow above K.
/// </summary>
/// <remarks>
/// Ported from <c>balanced_offsets</c> of <c>pp_reference.py</c>. Phases are relative to the first
/// period of the window: arm i is due at window periods t with t ≡ phase_i (mod p_i). Cost O(N·W).
/// </remarks>
public static class BalancedOffsets
{
    /// <summary>Windows longer than this fall back to 4·d_max periods (§3.3).</summary>
    public const int MaxWindow = 10_000;

    /// <summary>The balancing window: lcm of the distinct periods, or 4·d_max when that lcm exceeds <see cref="MaxWindow"/>.</summary>
    /// <param name="periods">Period of each arm, 0 for none.</param>
    /// <param name="maxIdlePeriods">d_max.</param>
    public static int Window(ReadOnlySpan<int> periods, int maxIdlePeriods)
    {
        long lcm = 1;
        foreach (int p in periods)
        {
            if (p > 0)
            {
                lcm = lcm / Gcd(lcm, p) * p;
                if (lcm > MaxWindow)
                {
                    return Math.Max(4 * maxIdlePeriods, MaxPeriod(periods));
                }
            }
        }

        return (int)lcm;
    }

    /// <summary>Assigns phases, keeping the given phases of arms whose period did not change.</summary>
    /// <param name="periods">Period of each arm, 0 for none.</param>
    /// <param name="slots">K.</param>
    /// <param name="window">Window length W (at least the largest period).</param>
    /// <param name="keptPhases">Empty, or per arm a phase in [0, p_i) to keep, or −1 to choose one.</param>
    /// <returns>The phase of each arm relative to the window start, −1 for arms without a period.</returns>
    /// <exception cref="ArgumentException">The window is shorter than a period, or a kept phase is out of range.</exception>
    public static int[] Assign(ReadOnlySpan<int> periods, int slots, int window, ReadOnlySpan<int> keptPhases)
    {
        if (window < MaxPeriod(periods) || window < 1)
        {
            throw new ArgumentException("The window must cover the largest period.", nameof(window));
        }

        if (!keptPhases.IsEmpty && keptPhases.Length != periods.Length)
        {
            throw new ArgumentException("Give one kept phase per arm, or none.", nameof(keptPhases));
        }

        var load = new int[window];
        var phases = new int[periods.Length];
        Array.Fill(phases, -1);
        for (int arm = 0; arm < periods.Length && !keptPhases.IsEmpty; arm++)
        {
            int phase = keptPhases[arm];
            if (phase < 0 || periods[arm] <= 0)
            {
                continue;
            }

            if (phase >= periods[arm])
            {
                throw new ArgumentException("A kept phase must be below its period.", nameof(keptPhases));
            }

            phases[arm] = phase;
            for (int t = phase; t < window; t += periods[arm])
            {
                load[t]++;
            }
        }

        foreach (int arm in ArmsByPeriod(periods))
        {
            if (phases[arm] >= 0)
            {
                continue;
            }

            int p = periods[arm];
            int bestPhase = 0;
            long bestOverflow = long.MaxValue;
            int bestMaxLoad = int.MaxValue;
            for (int phase = 0; phase < p; phase++)
            {
                long overflow = 0;
                int maxLoad = 0;
                for (int t = phase; t < window; t += p)
                {
                    overflow += Math.Max(0, load[t] + 1 - slots);
                    maxLoad = Math.Max(maxLoad, load[t]);
                }

                if (overflow < bestOverflow || (overflow == bestOverflow && maxLoad < bestMaxLoad))
                {
                    bestOverflow = overflow;
                    bestMaxLoad = maxLoad;
                    bestPhase = phase;
                }
            }

            phases[arm] = bestPhase;
            for (int t = bestPhase; t < window; t += p)
            {
                load[t]++;
            }
        }

        return phases;
    }

    private static int[] ArmsByPeriod(ReadOnlySpan<int> periods)
    {
        int[] periodOf = periods.ToArray();
        int[] arms = [.. Enumerable.Range(0, periodOf.Length).Where(arm => periodOf[arm] > 0)];
        Array.Sort(arms, (a, b) => periodOf[a] != periodOf[b] ? periodOf[a].CompareTo(periodOf[b]) : a.CompareTo(b));
        return arms;
    }

    private static int MaxPeriod(ReadOnlySpan<int> periods)
    {
        int max = 0;
        foreach (int p in periods)
        {
            max = Math.Max(max, p);
        }

        return max;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
