namespace BanditServe.Bandits.Recovering;

/// <summary>
/// The offline planner of ALGORITHMS.md §3.3/§3.5: given known (or optimistic) recovery curves,
/// chooses a period for every arm so that Σ 1/p_i ≤ K.
/// </summary>
/// <remarks>
/// Steps: upper concave envelopes with collinear vertices kept; a greedy over all envelope segments
/// sorted by slope (descending, then arm ascending; this is the LP optimum, with at most one arm on a
/// fractional segment); rounding of that arm to the best integer period whose rate fits; then the fill
/// pass that spends leftover budget on the single best move at a time. Every tolerance is the one of
/// <c>pp_reference.py</c>, so plans reproduce the reference script. Deterministic; float64 throughout;
/// results may differ in the last bits across architectures. Cost O(N·d_max·log(N·d_max)) plus
/// O(N·d_max) per fill move.
/// </remarks>
public static class PeriodicPlanner
{
    private const double BudgetTolerance = 1e-12;

    /// <summary>Plans a purely periodic policy.</summary>
    /// <param name="rewardTable">Row-major N × d_max table: R_i(d) at <c>[i * maxIdlePeriods + d − 1]</c>. Finite values.</param>
    /// <param name="maxIdlePeriods">d_max, the row length (≥ 1).</param>
    /// <param name="slots">K, the pulls per period (≥ 1).</param>
    /// <exception cref="ArgumentException">A dimension is invalid or the table holds a non-finite value.</exception>
    public static PeriodicPlannerResult Plan(ReadOnlySpan<double> rewardTable, int maxIdlePeriods, int slots)
    {
        if (maxIdlePeriods < 1)
        {
            throw new ArgumentException("The maximal idle time must be at least 1.", nameof(maxIdlePeriods));
        }

        if (slots < 1)
        {
            throw new ArgumentException("At least one slot is needed.", nameof(slots));
        }

        if (rewardTable.Length % maxIdlePeriods != 0)
        {
            throw new ArgumentException("The table length must be a multiple of the maximal idle time.", nameof(rewardTable));
        }

        foreach (double reward in rewardTable)
        {
            if (!double.IsFinite(reward))
            {
                throw new ArgumentException("Every reward must be finite.", nameof(rewardTable));
            }
        }

        int arms = rewardTable.Length / maxIdlePeriods;
        var rates = new double[arms];
        var periods = new int[arms];
        double relaxation = SolveRelaxation(rewardTable, maxIdlePeriods, slots, rates, periods, out int fractionalArm);
        RoundAndFill(rewardTable, maxIdlePeriods, slots, rates, periods, fractionalArm);
        return new PeriodicPlannerResult(relaxation, periods, PeriodicValue(rewardTable, maxIdlePeriods, periods));
    }

    /// <summary>Σ R_i(p_i)/p_i over the arms with a period (0 = never pulled).</summary>
    /// <param name="rewardTable">Row-major N × d_max table as in <see cref="Plan"/>.</param>
    /// <param name="maxIdlePeriods">d_max.</param>
    /// <param name="periods">Period of each arm, 0 for none.</param>
    public static double PeriodicValue(ReadOnlySpan<double> rewardTable, int maxIdlePeriods, IReadOnlyList<int> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        double value = 0.0;
        for (int i = 0; i < periods.Count; i++)
        {
            int p = periods[i];
            if (p > 0)
            {
                value += rewardTable[(i * maxIdlePeriods) + p - 1] / p;
            }
        }

        return value;
    }

    /// <summary>Greedy over envelope segments: the exact LP optimum (§3.3 "envelope form").</summary>
    /// <remarks>
    /// The greedy visits segments in the order of one stable sort by (slope descending, arm ascending),
    /// exactly as the reference does. Instead of sorting all N·d_max segments it merges the arms' own
    /// sorted lists through a heap of arm heads: the same total order, but O(N) memory and work
    /// proportional to the few segments taken before the budget runs out.
    /// </remarks>
    private static double SolveRelaxation(
        ReadOnlySpan<double> table, int maxIdle, int slots, double[] rates, int[] periods, out int fractionalArm)
    {
        var heads = new List<(int Arm, SegmentKey Key)>(rates.Length);
        var hull = new EnvelopeVertex[maxIdle + 1];
        for (int arm = 0; arm < rates.Length; arm++)
        {
            // Only the steepest segment is needed up front; an arm's full list is built when the greedy reaches it.
            if (SteepestSlope(table.Slice(arm * maxIdle, maxIdle), hull) is double slope)
            {
                heads.Add((arm, new SegmentKey(slope, arm, 0)));
            }
        }

        var queue = new PriorityQueue<int, SegmentKey>(heads, SegmentKey.Comparer);
        var touched = new Dictionary<int, EnvelopeSegment[]>();
        double budget = slots;
        double value = 0.0;
        fractionalArm = -1;
        while (queue.TryDequeue(out int arm, out SegmentKey key))
        {
            if (budget <= BudgetTolerance)
            {
                break;
            }

            if (!touched.TryGetValue(arm, out EnvelopeSegment[]? segments))
            {
                segments = ArmSegments(table.Slice(arm * maxIdle, maxIdle), arm);
                touched.Add(arm, segments);
            }

            EnvelopeSegment segment = segments[key.Index];
            double take = Math.Min(segment.Length, budget);
            value += segment.Slope * take;
            budget -= take;
            rates[arm] += take;
            if (take >= segment.Length - BudgetTolerance)
            {
                periods[arm] = segment.EndPeriod;
            }
            else
            {
                fractionalArm = arm;
            }

            if (key.Index + 1 < segments.Length)
            {
                queue.Enqueue(arm, new SegmentKey(segments[key.Index + 1].Slope, arm, key.Index + 1));
            }
        }

        return value;
    }

    /// <summary>The largest slope among an arm's rising segments (the first after sorting), or null when none rises.</summary>
    private static double? SteepestSlope(ReadOnlySpan<double> rewardsByIdle, EnvelopeVertex[] hull)
    {
        int count = UpperConcaveEnvelope.Build(rewardsByIdle, hull);
        double? steepest = null;
        for (int k = 1; k < count; k++)
        {
            EnvelopeVertex from = hull[k - 1];
            EnvelopeVertex to = hull[k];
            if (to.Rate > from.Rate && to.Value > from.Value)
            {
                double slope = (to.Value - from.Value) / (to.Rate - from.Rate);
                if (steepest is null || slope > steepest)
                {
                    steepest = slope;
                }
            }
        }

        return steepest;
    }

    /// <summary>One arm's rising envelope segments, sorted by slope descending then envelope order (stable).</summary>
    private static EnvelopeSegment[] ArmSegments(ReadOnlySpan<double> rewardsByIdle, int arm)
    {
        EnvelopeVertex[] hull = UpperConcaveEnvelope.Build(rewardsByIdle);
        var segments = new List<EnvelopeSegment>(hull.Length);
        bool sorted = true;
        for (int k = 1; k < hull.Length; k++)
        {
            EnvelopeVertex from = hull[k - 1];
            EnvelopeVertex to = hull[k];
            if (to.Rate > from.Rate && to.Value > from.Value)
            {
                double slope = (to.Value - from.Value) / (to.Rate - from.Rate);
                sorted &= segments.Count == 0 || segments[^1].Slope >= slope;
                segments.Add(new EnvelopeSegment(slope, arm, to.Rate - from.Rate, to.Period, segments.Count));
            }
        }

        // A concave envelope has falling slopes; near-collinear vertices kept within the tolerance can break that by an ulp.
        if (!sorted)
        {
            segments.Sort(static (a, b) => a.Slope != b.Slope ? b.Slope.CompareTo(a.Slope) : a.Order.CompareTo(b.Order));
        }

        return [.. segments];
    }

    /// <summary>Rounding of the fractional arm (§3.3 step 2) and the fill pass (step 3).</summary>
    private static void RoundAndFill(ReadOnlySpan<double> table, int maxIdle, int slots, double[] rates, int[] periods, int fractionalArm)
    {
        if (fractionalArm >= 0)
        {
            // Best reward rate among the periods whose pull rate fits the relaxed rate; ties to the smaller period.
            int bestPeriod = 0;
            double bestRate = double.NegativeInfinity;
            for (int d = 1; d <= maxIdle; d++)
            {
                if (1.0 / d <= rates[fractionalArm] + BudgetTolerance)
                {
                    double rewardRate = table[(fractionalArm * maxIdle) + d - 1] / d;
                    if (rewardRate > bestRate)
                    {
                        bestRate = rewardRate;
                        bestPeriod = d;
                    }
                }
            }

            if (bestPeriod > 0)
            {
                periods[fractionalArm] = bestPeriod;
            }
        }

        // Each accepted move strictly raises Σ R/p, so the pass ends; the cap only guards against pathological tables.
        int movesLeft = (periods.Length * maxIdle) + 1;
        while (movesLeft-- > 0)
        {
            double left = slots - UsedBudget(periods);
            int bestArm = -1;
            int bestPeriod = 0;
            double bestGain = 0.0;
            for (int arm = 0; arm < periods.Length; arm++)
            {
                int current = periods[arm];
                double currentValue = current > 0 ? table[(arm * maxIdle) + current - 1] / current : 0.0;
                double currentRate = current > 0 ? 1.0 / current : 0.0;
                for (int d = 1; d <= maxIdle; d++)
                {
                    double gain = (table[(arm * maxIdle) + d - 1] / d) - currentValue;
                    double extra = (1.0 / d) - currentRate;
                    if (gain > BudgetTolerance && extra <= left + BudgetTolerance && (bestArm < 0 || gain > bestGain))
                    {
                        bestGain = gain;
                        bestArm = arm;
                        bestPeriod = d;
                    }
                }
            }

            if (bestArm < 0)
            {
                return;
            }

            periods[bestArm] = bestPeriod;
        }
    }

    private static double UsedBudget(int[] periods)
    {
        double used = 0.0;
        foreach (int p in periods)
        {
            if (p > 0)
            {
                used += 1.0 / p;
            }
        }

        return used;
    }
}
