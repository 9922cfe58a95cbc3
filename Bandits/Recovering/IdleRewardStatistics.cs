namespace BanditServe.Bandits.Recovering;

/// <summary>
/// Per-(arm, idle time) counts n_{i,d} and sums S_{i,d} of observed rewards (ALGORITHMS.md §3.4),
/// with the counts at the last plan for the doubling rule. Row-major arrays, d = 1..d_max at
/// index d−1. Not thread-safe: the policy mutates it under its lock.
/// </summary>
internal sealed class IdleRewardStatistics
{
    private long[] _counts;
    private double[] _sums;
    private long[] _countsAtPlan;

    public IdleRewardStatistics(int maxIdlePeriods, int capacityArms = 4)
    {
        MaxIdlePeriods = maxIdlePeriods;
        int capacity = Math.Max(1, capacityArms) * maxIdlePeriods;
        _counts = new long[capacity];
        _sums = new double[capacity];
        _countsAtPlan = new long[capacity];
    }

    public int MaxIdlePeriods { get; }

    public int Arms { get; private set; }

    public ReadOnlySpan<long> Counts => _counts.AsSpan(0, Arms * MaxIdlePeriods);

    public ReadOnlySpan<double> Sums => _sums.AsSpan(0, Arms * MaxIdlePeriods);

    public ReadOnlySpan<long> CountsAtPlan => _countsAtPlan.AsSpan(0, Arms * MaxIdlePeriods);

    /// <summary>Adds an arm with no observations and returns its index.</summary>
    public int AddArm()
    {
        int needed = (Arms + 1) * MaxIdlePeriods;
        if (needed > _counts.Length)
        {
            int capacity = Math.Max(needed, _counts.Length * 2);
            Array.Resize(ref _counts, capacity);
            Array.Resize(ref _sums, capacity);
            Array.Resize(ref _countsAtPlan, capacity);
        }

        return Arms++;
    }

    /// <summary>Restores one arm's row (checkpoint load).</summary>
    public void SetRow(int arm, ReadOnlySpan<long> counts, ReadOnlySpan<double> sums, ReadOnlySpan<long> countsAtPlan)
    {
        int start = arm * MaxIdlePeriods;
        counts.CopyTo(_counts.AsSpan(start, MaxIdlePeriods));
        sums.CopyTo(_sums.AsSpan(start, MaxIdlePeriods));
        countsAtPlan.CopyTo(_countsAtPlan.AsSpan(start, MaxIdlePeriods));
    }

    /// <summary>Credits a reward to (arm, idle). Returns true when n_{i,d} has doubled since the last plan (§3.4 re-planning).</summary>
    public bool Add(int arm, int idle, double reward)
    {
        int cell = (arm * MaxIdlePeriods) + idle - 1;
        _counts[cell]++;
        _sums[cell] += reward;

        // Same rule as pp_reference.py: n ≥ 2·max(1, n at last plan).
        return _counts[cell] >= 2 * Math.Max(1, _countsAtPlan[cell]);
    }

    /// <summary>Remembers the current counts as those of the plan just made.</summary>
    public void MarkPlanned() => Counts.CopyTo(_countsAtPlan);

    /// <summary>Copies the rows of <paramref name="arms"/>, in that order, into contiguous row-major spans.</summary>
    public void CopyRows(ReadOnlySpan<int> arms, Span<long> counts, Span<double> sums)
    {
        for (int k = 0; k < arms.Length; k++)
        {
            int start = arms[k] * MaxIdlePeriods;
            _counts.AsSpan(start, MaxIdlePeriods).CopyTo(counts.Slice(k * MaxIdlePeriods, MaxIdlePeriods));
            _sums.AsSpan(start, MaxIdlePeriods).CopyTo(sums.Slice(k * MaxIdlePeriods, MaxIdlePeriods));
        }
    }

    public long Count(int arm, int idle) => _counts[(arm * MaxIdlePeriods) + idle - 1];

    public double Sum(int arm, int idle) => _sums[(arm * MaxIdlePeriods) + idle - 1];

    /// <summary>
    /// Ũ_{i,d} of §3.4: U = R_max when n = 0, else min(R_max, S/n + R_max·sqrt(2·ln(max(t,2))/n));
    /// then the monotone closure Ũ_d = min_{d' ≥ d} U_{d'}.
    /// </summary>
    public void UpperBounds(int arm, long t, double maxReward, Span<double> destination)
    {
        double logTerm = 2 * Math.Log(Math.Max(2, t));
        int start = arm * MaxIdlePeriods;
        for (int d = 0; d < MaxIdlePeriods; d++)
        {
            long n = _counts[start + d];
            destination[d] = n == 0
                ? maxReward
                : Math.Min(maxReward, (_sums[start + d] / n) + (maxReward * Math.Sqrt(logTerm / n)));
        }

        for (int d = MaxIdlePeriods - 2; d >= 0; d--)
        {
            destination[d] = Math.Min(destination[d], destination[d + 1]);
        }
    }
}
