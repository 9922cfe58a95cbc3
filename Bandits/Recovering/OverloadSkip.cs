namespace BanditServe.Bandits.Recovering;

/// <summary>
/// The skip rule of ALGORITHMS.md §3.3: when more than K arms are due, keep a uniformly random
/// K-subset. The randomness comes from (seed, period) only, so every call about one period
/// gives the same answer, and skipped arms keep their phase.
/// </summary>
internal static class OverloadSkip
{
    /// <summary>The kept positions, ascending; <paramref name="due"/> itself when it fits.</summary>
    public static int[] Keep(int[] due, int slots, ulong seed, long period)
    {
        if (due.Length <= slots)
        {
            return due;
        }

        var pool = (int[])due.Clone();
        SplitMix64 random = SplitMix64.ForPeriod(seed, period);

        // Partial Fisher–Yates: the first `slots` entries become a uniform K-subset.
        for (int k = 0; k < slots; k++)
        {
            int pick = k + random.NextBelow(pool.Length - k);
            (pool[k], pool[pick]) = (pool[pick], pool[k]);
        }

        int[] kept = pool[..slots];
        Array.Sort(kept);
        return kept;
    }
}
