using System.Buffers;
using System.Collections.ObjectModel;

namespace BanditServe.Bandits.Recovering;

/// <summary>Planning, plan history and the featured/idle-time rules.</summary>
public sealed partial class RecoveringPeriodicPolicy
{
    /// <summary>Serves <paramref name="period"/>: puts a pending re-plan in force first when it is the newest period so far.</summary>
    private void AdvanceToLocked(long period)
    {
        if (period <= _latestServed)
        {
            return;
        }

        // The first period served starts the schedule; plans made earlier were forecasts from other periods.
        bool firstServe = _latestServed == long.MinValue && (_plans.Length == 0 || _plans[0].EffectiveFrom != period);
        if (_replanNeeded || firstServe)
        {
            BuildPlanLocked(_latestServed == long.MinValue ? period : _latestServed + 1);
        }

        Volatile.Write(ref _latestServed, period);
        PrunePlansLocked();
    }

    /// <summary>Ũ of the active arms from <see cref="IndexBackend"/>, when it is set and the catalog is large enough.</summary>
    /// <returns>False when the CPU must compute them (no backend, a small catalog, or a device failure).</returns>
    private bool UpperBoundsOnDevice(int[] activeArms, long t, double[] table)
    {
        if (IndexBackend is not { } backend || activeArms.Length == 0 || activeArms.Length < MinDeviceArms)
        {
            return false;
        }

        int maxIdle = Options.MaxIdlePeriods;
        long[] counts = ArrayPool<long>.Shared.Rent(activeArms.Length * maxIdle);
        double[] sums = ArrayPool<double>.Shared.Rent(activeArms.Length * maxIdle);
        try
        {
            _statistics.CopyRows(activeArms, counts, sums);
            backend.ComputeUpperBounds(
                counts.AsSpan(0, activeArms.Length * maxIdle), sums.AsSpan(0, activeArms.Length * maxIdle), maxIdle, t, Options.MaxReward, table);
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A device that fails (lost, released with its surface) must not stop the schedule: the CPU gives the same Ũ.
            return false;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(counts);
            ArrayPool<double>.Shared.Return(sums);
        }
    }

    /// <summary>
    /// Re-solves §3.3 on the closed upper bounds Ũ (§3.4) and publishes the plan from the period after
    /// the latest served one (before any, from the anchor), replacing a pending plan that no period has followed yet.
    /// </summary>
    /// <param name="anchor">The period the plan is made for: its UCB time and the start of its offset window.</param>
    private void BuildPlanLocked(long anchor)
    {
        if (_latestServed == long.MinValue)
        {
            _origin = anchor;
        }

        int maxIdle = Options.MaxIdlePeriods;
        int slots = Options.SlotsPerPeriod;
        int[] activeArms = [.. Enumerable.Range(0, _itemIds.Count).Where(arm => _active[arm])];
        var table = new double[activeArms.Length * maxIdle];
        long t = UcbTime(anchor);
        if (!UpperBoundsOnDevice(activeArms, t, table))
        {
            for (int k = 0; k < activeArms.Length; k++)
            {
                _statistics.UpperBounds(activeArms[k], t, Options.MaxReward, table.AsSpan(k * maxIdle, maxIdle));
            }
        }

        int[] periods = [.. PeriodicPlanner.Plan(table, maxIdle, slots).Periods];

        // Before the first period is served every plan is a forecast: no phase to keep, nothing to append to.
        bool forecastOnly = _latestServed == long.MinValue;
        long effectiveFrom = forecastOnly ? anchor : _latestServed + 1;
        SchedulePlan? inForce = forecastOnly ? null : PlanFor(_plans, effectiveFrom - 1);
        var keptPhases = new int[activeArms.Length];
        for (int k = 0; k < activeArms.Length; k++)
        {
            keptPhases[k] = -1;
            int position = inForce?.PositionOf(activeArms[k]) ?? -1;
            if (position >= 0 && periods[k] > 0 && inForce!.Periods[position] == periods[k])
            {
                // Unchanged period keeps its phase (§3.4), re-expressed relative to the new window.
                keptPhases[k] = DueCalendar.FloorMod(inForce.Phases[position] - anchor, periods[k]);
            }
        }

        int window = BalancedOffsets.Window(periods, maxIdle);
        int[] relativePhases = BalancedOffsets.Assign(periods, slots, window, keptPhases);

        var planned = Enumerable.Range(0, activeArms.Length).Where(k => periods[k] > 0).ToArray();
        var plan = new SchedulePlan(
            _planVersion + 1,
            effectiveFrom,
            anchor,
            [.. planned.Select(k => activeArms[k])],
            [.. planned.Select(k => _itemIds[activeArms[k]])],
            [.. planned.Select(k => periods[k])],
            [.. planned.Select(k => DueCalendar.FloorMod(anchor + relativePhases[k], periods[k]))]);

        SchedulePlan[] plans = forecastOnly ? [plan]
            : _plans.Length > 0 && _plans[^1].EffectiveFrom == effectiveFrom ? [.. _plans[..^1], plan]
            : [.. _plans, plan];
        Volatile.Write(ref _plans, plans);
        Volatile.Write(ref _planVersion, plan.Version);
        _statistics.MarkPlanned();
        _replanNeeded = false;
    }

    /// <summary>Drops plans that only cover periods older than the history plus d_max (kept for idle-time look-back).</summary>
    private void PrunePlansLocked()
    {
        long oldestNeeded = _latestServed - Options.HistoryPeriods - Options.MaxIdlePeriods;
        int first = 0;
        while (first + 1 < _plans.Length && _plans[first + 1].EffectiveFrom <= oldestNeeded)
        {
            first++;
        }

        if (first > 0)
        {
            Volatile.Write(ref _plans, _plans[first..]);
        }
    }

    /// <summary>t of §3.4: periods since the first plan.</summary>
    private long UcbTime(long period) => _origin == long.MinValue ? 0 : period - _origin;

    private bool IsRetained(long period, long served) =>
        served == long.MinValue || period >= served - Options.HistoryPeriods;

    private static SchedulePlan? PlanFor(SchedulePlan[] plans, long period)
    {
        int low = 0;
        int high = plans.Length - 1;
        SchedulePlan? found = null;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (plans[middle].EffectiveFrom <= period)
            {
                found = plans[middle];
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    private ScheduledPeriod Featured(SchedulePlan[] plans, long period)
    {
        SchedulePlan? plan = PlanFor(plans, period);
        if (plan is null)
        {
            return new ScheduledPeriod(period, NoItems, 0);
        }

        int[] kept = OverloadSkip.Keep(plan.Due(period), Options.SlotsPerPeriod, Seed, period);
        var items = new string[kept.Length];
        for (int k = 0; k < kept.Length; k++)
        {
            items[k] = plan.ItemIds[kept[k]];
        }

        return new ScheduledPeriod(period, new ReadOnlyCollection<string>(items), plan.Version);
    }

    private bool IsFeatured(SchedulePlan[] plans, int arm, long period)
    {
        SchedulePlan? plan = PlanFor(plans, period);
        int position = plan?.PositionOf(arm) ?? -1;
        if (position < 0 || !plan!.IsDue(position, period))
        {
            return false;
        }

        return Array.BinarySearch(KeptLocked(plan, period), position) >= 0;
    }

    /// <summary>
    /// The kept (featured) positions of <paramref name="plan"/> in <paramref name="period"/>, memoised: the idle-time
    /// look-back of every reward reads the same few recent periods, and a plan never changes, so a hit for the
    /// same plan object is exact. Makes a reward O(d_max + log K) after the first look at a period instead of
    /// O(distinct periods + K log K) per featured period read.
    /// </summary>
    private int[] KeptLocked(SchedulePlan plan, long period)
    {
        if (_keptMemo.TryGetValue(period, out var memo) && ReferenceEquals(memo.Plan, plan))
        {
            return memo.Kept;
        }

        // Rewards arrive for recent periods and look back at most d_max: a small memo suffices; dropping it is always safe.
        if (_keptMemo.Count >= KeptMemoCapacity + (2 * Options.MaxIdlePeriods))
        {
            _keptMemo.Clear();
        }

        int[] kept = OverloadSkip.Keep(plan.Due(period), Options.SlotsPerPeriod, Seed, period);
        _keptMemo[period] = (plan, kept);
        return kept;
    }

    /// <summary>d = min(periods since the previous featured period, d_max); d_max when not featured within d_max (§3.2).</summary>
    private int IdleAt(SchedulePlan[] plans, int arm, long period)
    {
        int maxIdle = Options.MaxIdlePeriods;
        for (int d = 1; d < maxIdle; d++)
        {
            if (IsFeatured(plans, arm, period - d))
            {
                return d;
            }
        }

        return maxIdle;
    }
}
