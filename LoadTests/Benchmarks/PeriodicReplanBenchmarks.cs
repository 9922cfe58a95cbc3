using System.Text;
using BanditServe.Bandits.Recovering;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// A recovering-periodic policy's own paths at 100,000 active items, d_max = 30, with learned statistics:
/// the full re-plan the server's background <c>PeriodicPlanService</c> makes (<see cref="RecoveringPeriodicPolicy.PreparePlan"/>:
/// the N × d_max UCB table with monotone closure, the planner, balanced offsets keeping unchanged phases,
/// the due calendar), <see cref="RecoveringPeriodicPolicy.ApplyReward"/>, and <see cref="RecoveringPeriodicPolicy.ScheduledItems"/>
/// of a new period. Target (issue 6): a plan of 100,000 items with d_max = 30 in ≤ 1 s; a period's schedule in O(K).
/// </summary>
/// <remarks>
/// The trained state is a checkpoint (the layout of <see cref="RecoveringPeriodicPolicy.ToBytes"/>) in which every
/// item has 2 to 6 idle times observed 1 to 30 times each, with Bernoulli rewards drawn from an exponential
/// recovery curve base·(1 − exp(−d/τ)), so the bounds are spread out (not all at R_max) and the plan mixes periods.
/// 10,000 periods have passed since the first plan (UCB time t = 10,000). The policy computes Ũ on the CPU
/// (no <see cref="RecoveringPeriodicPolicy.IndexBackend"/>), as a server without a device does.
/// </remarks>
[MemoryDiagnoser]
public class PeriodicReplanBenchmarks
{
    private const int Items = 100_000;
    private const int MaxIdle = 30;
    private const long FirstServed = 10_000;
    private const int ServedPeriods = 60;

    private byte[] _unplanned = [];
    private byte[] _served = [];
    private RecoveringPeriodicPolicy _policy = null!;
    private RecoveringPeriodicPolicy _replanned = null!;
    private (string ItemId, long Period)[] _featured = [];
    private int _nextReward;
    private long _nextPeriod;

    /// <summary>K, the items featured per period (the API accepts 1..100).</summary>
    [Params(10, 100)]
    public int Slots { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _unplanned = TrainedCheckpoint(Slots);

        // Serve FirstServed .. FirstServed + ServedPeriods − 1 so plans are in force and idle times have history.
        RecoveringPeriodicPolicy policy = RecoveringPeriodicPolicy.FromBytes(_unplanned);
        var featured = new List<(string, long)>();
        for (long period = FirstServed; period < FirstServed + ServedPeriods; period++)
        {
            foreach (string itemId in policy.ScheduledItems(period))
            {
                featured.Add((itemId, period));
            }
        }

        _served = policy.ToBytes();

        // Rewards are credited for the last d_max served periods, where every idle time can be looked up.
        _featured = [.. featured.Where(f => f.Item2 >= FirstServed + MaxIdle)];
        _policy = RecoveringPeriodicPolicy.FromBytes(_served);
        _nextPeriod = FirstServed + ServedPeriods;
    }

    /// <summary>Restores the served policy and gives it a pending re-plan, as rewards of the latest period do.</summary>
    [IterationSetup(Target = nameof(Replan))]
    public void PrepareReplan()
    {
        _replanned = RecoveringPeriodicPolicy.FromBytes(_served);
        long latest = FirstServed + ServedPeriods - 1;
        foreach (string itemId in _replanned.ScheduledItems(latest))
        {
            _replanned.ApplyReward(itemId, latest, 1.0);
        }

        // A reward need not double a count; an item's deactivation and return certainly asks for a re-plan.
        _replanned.DeactivateItem("item-0");
        _replanned.UpsertItem("item-0");
    }

    /// <summary>Restores the trained, never-planned policy: the next re-plan chooses every phase (no plan in force).</summary>
    [IterationSetup(Target = nameof(FirstPlan))]
    public void PrepareFirstPlan() => _replanned = RecoveringPeriodicPolicy.FromBytes(_unplanned);

    /// <summary>
    /// The server's background re-plan (<c>PeriodicPlanService</c> → <see cref="RecoveringPeriodicPolicy.PreparePlan"/>) after
    /// 60 served periods: Ũ table with closure, planner, balanced offsets keeping unchanged phases, due calendar.
    /// </summary>
    [Benchmark]
    public bool Replan() => _replanned.PreparePlan() ? true : throw new InvalidOperationException("No re-plan was pending.");

    /// <summary>The same re-plan with no plan in force (first plan after training data was imported): every phase is chosen.</summary>
    [Benchmark]
    public bool FirstPlan() => _replanned.PreparePlan() ? true : throw new InvalidOperationException("No re-plan was pending.");

    /// <summary>One reward of a period already served (the reward path: featured check, idle-time look-up, statistics).</summary>
    [Benchmark]
    public bool ApplyReward()
    {
        (string itemId, long period) = _featured[_nextReward];
        _nextReward = (_nextReward + 1) % _featured.Length;
        return _policy.ApplyReward(itemId, period, 0.5) ? true : throw new InvalidOperationException("The reward was refused.");
    }

    /// <summary>
    /// <see cref="RecoveringPeriodicPolicy.ScheduledItems"/> of a new period on the trained 100,000-item policy with no
    /// re-plan pending (each benchmark method gets its own restored policy), so this is the calendar path only.
    /// </summary>
    [Benchmark]
    public int ScheduledItemsOfNewPeriod() => _policy.ScheduledItems(_nextPeriod++).Count;

    /// <summary>
    /// A checkpoint of a trained, unplanned policy: 100,000 active items with learned statistics,
    /// period FirstServed − 1 served, origin 0, a re-plan pending and no plan yet.
    /// </summary>
    private static byte[] TrainedCheckpoint(int slots)
    {
        var random = new Random(42);
        var counts = new long[Items * MaxIdle];
        var sums = new double[Items * MaxIdle];
        for (int i = 0; i < Items; i++)
        {
            double baseline = 0.05 + (0.95 * random.NextDouble());
            double tau = 1 + (19 * random.NextDouble());
            int observed = random.Next(2, 7);
            for (int k = 0; k < observed; k++)
            {
                int d = random.Next(1, MaxIdle + 1);
                int n = random.Next(1, 31);
                double probability = baseline * (1 - Math.Exp(-d / tau));
                int cell = (i * MaxIdle) + d - 1;
                counts[cell] += n;
                for (int draw = 0; draw < n; draw++)
                {
                    sums[cell] += random.NextDouble() < probability ? 1.0 : 0.0;
                }
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            var options = new RecoveryOptions(SlotsPerPeriod: slots, MaxIdlePeriods: MaxIdle);
            writer.Write(0x50525342u); // "BSRP"
            writer.Write(1); // format version
            writer.Write(options.PeriodSeconds);
            writer.Write(options.SlotsPerPeriod);
            writer.Write(options.MaxIdlePeriods);
            writer.Write(options.AllowClientClock);
            writer.Write(options.DefaultReward);
            writer.Write(options.MaxReward);
            writer.Write(options.HistoryPeriods);
            writer.Write(7UL); // seed
            writer.Write(1L); // version
            writer.Write(0L); // plan version
            writer.Write(FirstServed - 1); // latest served period
            writer.Write(0L); // origin: UCB time t = period
            writer.Write(true); // re-plan pending
            writer.Write(Items);
            for (int i = 0; i < Items; i++)
            {
                writer.Write($"item-{i}");
                writer.Write(true);
            }

            foreach (long count in counts)
            {
                writer.Write(count);
            }

            foreach (double sum in sums)
            {
                writer.Write(sum);
            }

            foreach (long count in counts)
            {
                writer.Write(count); // counts at the last plan
            }

            writer.Write(0); // no plans
        }

        return stream.ToArray();
    }
}
