using BanditServe.Bandits.Recovering;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Recovering-periodic surfaces (ALGORITHMS.md §3): planning 100,000 items with d_max = 30 (target ≤ 1 s)
/// and answering one period's schedule (target O(K), independent of the catalog size).
/// </summary>
/// <remarks>
/// The planning table holds exponential recovery curves R_i(d) = base_i·(1 − exp(−d/τ_i)) with random
/// base and τ in 1..20 periods, so envelopes have many vertices and the plan mixes many periods; an
/// untrained policy's bounds are all R_max and would plan a trivial schedule.
/// </remarks>
[MemoryDiagnoser]
public class PeriodicPlannerBenchmarks
{
    private const int Items = 100_000;
    private const int MaxIdle = 30;
    private double[] _table = [];
    private SchedulePlan _plan = null!;
    private RecoveringPeriodicPolicy _coldPolicy = null!;
    private long _period;

    [Params(10, 100)]
    public int Slots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _table = new double[Items * MaxIdle];
        for (int i = 0; i < Items; i++)
        {
            double baseline = 0.05 + (0.95 * random.NextDouble());
            double tau = 1 + (19 * random.NextDouble());
            for (int d = 1; d <= MaxIdle; d++)
            {
                _table[(i * MaxIdle) + d - 1] = baseline * (1 - Math.Exp(-d / tau));
            }
        }

        // The plan a policy would publish from these curves: periods, balanced phases and the due calendar.
        int[] periods = [.. PeriodicPlanner.Plan(_table, MaxIdle, Slots).Periods];
        int[] phases = BalancedOffsets.Assign(periods, Slots, BalancedOffsets.Window(periods, MaxIdle), []);
        int[] planned = [.. Enumerable.Range(0, Items).Where(i => periods[i] > 0)];
        _plan = new SchedulePlan(
            1,
            0,
            0,
            planned,
            [.. planned.Select(i => $"item-{i}")],
            [.. planned.Select(i => periods[i])],
            [.. planned.Select(i => phases[i])]);

        _coldPolicy = new RecoveringPeriodicPolicy(new RecoveryOptions(SlotsPerPeriod: Slots, MaxIdlePeriods: MaxIdle), 7);
        for (int i = 0; i < Items; i++)
        {
            _coldPolicy.UpsertItem($"item-{i}");
        }

        _coldPolicy.ScheduledItems(0);
        _period = 1;
    }

    /// <summary>Envelopes, greedy LP, rounding and fill pass over 100,000 × 30 curves.</summary>
    [Benchmark]
    public PeriodicPlannerResult Plan() => PeriodicPlanner.Plan(_table, MaxIdle, Slots);

    /// <summary>Everything a re-plan computes from the bound table: the plan plus balanced phases (O(N·W)).</summary>
    [Benchmark]
    public int[] PlanWithBalancedOffsets()
    {
        int[] periods = [.. PeriodicPlanner.Plan(_table, MaxIdle, Slots).Periods];
        return BalancedOffsets.Assign(periods, Slots, BalancedOffsets.Window(periods, MaxIdle), []);
    }

    /// <summary>One period's featured items from the calendar of the mixed-period plan above, with the overload skip.</summary>
    [Benchmark]
    public int ScheduleOfPeriodFromPlan()
    {
        long period = _period++;
        int[] kept = OverloadSkip.Keep(_plan.Due(period), Slots, 7, period);
        int length = 0;
        foreach (int position in kept)
        {
            length += _plan.ItemIds[position].Length;
        }

        return length;
    }

    /// <summary>The public path: <see cref="RecoveringPeriodicPolicy.ScheduledItems"/> of a new period on a 100,000-item policy (no pending re-plan).</summary>
    [Benchmark]
    public IReadOnlyList<string> ScheduledItemsOfNewPeriod() => _coldPolicy.ScheduledItems(_period++);
}
