using System.Collections.ObjectModel;
using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Recovering;

/// <summary>
/// PP-UCB (ALGORITHMS.md §3): a purely periodic schedule of K featured items per period, planned
/// on upper confidence bounds of each item's recovery curve R_i(d) and re-planned when a count
/// n_{i,d} doubles.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe for one writer (items, rewards) and many readers. A period's featured items are
/// fixed the first time the period is served (<see cref="ScheduledItems"/> or a reward for it); every
/// later call about that period gives the same answer. Plan changes (re-plans, new and deactivated
/// items) take effect from the period after the latest one served.
/// </para>
/// <para>
/// An item counts as featured in a period when the period's schedule contains it, whether or not
/// anyone saw it; its idle time d is the distance to its previous featured period, capped at d_max
/// (never featured: d_max). Deterministic given the seed and the sequence of calls.
/// </para>
/// </remarks>
public sealed partial class RecoveringPeriodicPolicy
{
    /// <summary>The most periods <see cref="Schedule"/> answers at once.</summary>
    public const int MaxScheduleCount = 100_000;

    /// <summary>Largest accepted period magnitude (2^40, far beyond any <see cref="PeriodOf"/>), so period arithmetic never overflows.</summary>
    public const long MaxPeriodMagnitude = 1L << 40;

    // Periods the reward path's kept-position memo holds beyond 2·d_max before it starts over.
    private const int KeptMemoCapacity = 64;

    private static readonly ReadOnlyCollection<string> NoItems = new([]);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _armOf = new(StringComparer.Ordinal);
    private readonly List<string> _itemIds = [];
    private readonly List<bool> _active = [];
    private readonly IdleRewardStatistics _statistics;

    // Featured positions per period for the idle-time look-back (guarded by _gate); see KeptLocked.
    private readonly Dictionary<long, (SchedulePlan Plan, int[] Kept)> _keptMemo = [];

    // Plans sorted by EffectiveFrom; replaced as a whole (copy on write) so readers need no lock.
    private SchedulePlan[] _plans = [];
    private long _latestServed = long.MinValue;
    private long _origin = long.MinValue;
    private bool _replanNeeded = true;
    private long _version;
    private long _planVersion;
    private PeriodMemo? _memo;

    /// <summary>Creates an empty policy.</summary>
    /// <param name="options">Surface settings; validated here.</param>
    /// <param name="seed">Seed of the random skip when more than K items are due in a period.</param>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public RecoveringPeriodicPolicy(RecoveryOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Seed = seed;
        _statistics = new IdleRewardStatistics(options.MaxIdlePeriods);
    }

    /// <summary>The surface settings.</summary>
    public RecoveryOptions Options { get; }

    /// <summary>
    /// Where the per-item index Ũ is computed when a plan is made for at least <see cref="MinDeviceArms"/> active items
    /// (the ILGPU kernel where a device is present); null, fewer items, or a failing device: on the CPU, same numbers.
    /// </summary>
    public IRecoveryIndexBackend? IndexBackend { get; set; }

    /// <summary>The fewest active items for which <see cref="IndexBackend"/> is used (a device round trip costs more than small catalogs).</summary>
    public int MinDeviceArms { get; set; } = 4096;

    /// <summary>The seed of the skip rule.</summary>
    public ulong Seed { get; }

    /// <summary>Grows by one on every change of items or statistics.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Version of the newest plan; 0 before the first plan.</summary>
    public long PlanVersion => Volatile.Read(ref _planVersion);

    /// <summary>The latest period served so far, or null before the first.</summary>
    public long? LatestServedPeriod
    {
        get
        {
            long served = Volatile.Read(ref _latestServed);
            return served == long.MinValue ? null : served;
        }
    }

    /// <summary>Number of known items, active or not.</summary>
    public int ItemCount
    {
        get
        {
            lock (_gate)
            {
                return _itemIds.Count;
            }
        }
    }

    /// <summary>The period that contains <paramref name="time"/>: floor(unix seconds / periodSeconds).</summary>
    /// <param name="time">A point in time.</param>
    public long PeriodOf(DateTimeOffset time)
    {
        long seconds = time.ToUnixTimeSeconds();
        long period = seconds / Options.PeriodSeconds;
        return seconds % Options.PeriodSeconds < 0 ? period - 1 : period;
    }

    /// <summary>Adds an item or sets its active flag; the change takes effect in the next plan.</summary>
    /// <param name="itemId">Non-empty item id (ordinal comparison).</param>
    /// <param name="active">Whether the item may be featured.</param>
    /// <returns>True when the item was created or its active flag changed.</returns>
    /// <exception cref="ArgumentException">The id is null or empty.</exception>
    public bool UpsertItem(string itemId, bool active = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        lock (_gate)
        {
            if (_armOf.TryGetValue(itemId, out int arm))
            {
                if (_active[arm] == active)
                {
                    return false;
                }

                _active[arm] = active;
            }
            else
            {
                arm = _statistics.AddArm();
                _armOf.Add(itemId, arm);
                _itemIds.Add(itemId);
                _active.Add(active);
            }

            _replanNeeded = true;
            Volatile.Write(ref _version, _version + 1);
            return true;
        }
    }

    /// <summary>Deactivates an item: it leaves the next plan; its statistics are kept.</summary>
    /// <param name="itemId">The item id.</param>
    /// <returns>True when the item existed and was active.</returns>
    public bool DeactivateItem(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        lock (_gate)
        {
            if (!_armOf.TryGetValue(itemId, out int arm) || !_active[arm])
            {
                return false;
            }

            _active[arm] = false;
            _replanNeeded = true;
            Volatile.Write(ref _version, _version + 1);
            return true;
        }
    }

    /// <summary>
    /// The items featured in <paramref name="period"/> (at most K). Serving a period later than any
    /// before fixes its schedule, putting a pending re-plan in force first.
    /// </summary>
    /// <param name="period">The period, usually <see cref="PeriodOf"/> of now.</param>
    /// <returns>The same list for every call about the same period; empty for periods older than <see cref="RecoveryOptions.HistoryPeriods"/>.</returns>
    public IReadOnlyList<string> ScheduledItems(long period)
    {
        CheckPeriod(period);
        long served = Volatile.Read(ref _latestServed);
        if (period > served)
        {
            lock (_gate)
            {
                AdvanceToLocked(period);
            }

            served = Volatile.Read(ref _latestServed);
        }

        if (!IsRetained(period, served))
        {
            return NoItems;
        }

        PeriodMemo? memo = Volatile.Read(ref _memo);
        if (memo is not null && memo.Period == period)
        {
            return memo.Items;
        }

        ScheduledPeriod scheduled = Featured(Volatile.Read(ref _plans), period);
        var items = (ReadOnlyCollection<string>)scheduled.Items;
        Volatile.Write(ref _memo, new PeriodMemo(period, items));
        return items;
    }

    /// <summary>
    /// The featured items of <paramref name="count"/> consecutive periods from <paramref name="fromPeriod"/>.
    /// Periods after the latest served one are a forecast under the newest plan (a pending re-plan is made first).
    /// </summary>
    /// <param name="fromPeriod">First period.</param>
    /// <param name="count">Number of periods, 0..<see cref="MaxScheduleCount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count or the first period is out of range.</exception>
    public ScheduleWindow Schedule(long fromPeriod, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxScheduleCount);
        CheckPeriod(fromPeriod);

        SchedulePlan[] plans;
        long served;
        long planVersion;
        lock (_gate)
        {
            long lastPeriod = fromPeriod + Math.Max(0, count - 1);
            bool noPlanCoversStart = _latestServed == long.MinValue && (_plans.Length == 0 || _plans[0].EffectiveFrom > fromPeriod);
            if (count > 0 && lastPeriod > _latestServed && (_replanNeeded || noPlanCoversStart))
            {
                BuildPlanLocked(_latestServed == long.MinValue ? fromPeriod : _latestServed + 1);
            }

            plans = _plans;
            served = _latestServed;
            planVersion = _planVersion;
        }

        var periods = new ScheduledPeriod[count];
        for (int k = 0; k < count; k++)
        {
            long period = fromPeriod + k;
            periods[k] = IsRetained(period, served) ? Featured(plans, period) : new ScheduledPeriod(period, NoItems, 0);
        }

        return new ScheduleWindow(periods, planVersion);
    }

    /// <summary>
    /// Credits a reward to the item at the idle time it had when featured in <paramref name="featuredPeriod"/>
    /// (ALGORITHMS.md §3.4). A count that doubles since the last plan triggers a re-plan for the next period.
    /// </summary>
    /// <param name="itemId">The item shown.</param>
    /// <param name="featuredPeriod">The period it was featured in.</param>
    /// <param name="reward">The observed reward (or the surface's default reward at window close), expected in [0, MaxReward].</param>
    /// <returns>False (and nothing learned) when the item is unknown, was not featured in that period, or the period is older than the history.</returns>
    /// <exception cref="ArgumentException">The reward is NaN or infinite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The period is beyond <see cref="MaxPeriodMagnitude"/>.</exception>
    public bool ApplyReward(string itemId, long featuredPeriod, double reward)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (!double.IsFinite(reward))
        {
            throw new ArgumentException("The reward must be a finite number.", nameof(reward));
        }

        CheckPeriod(featuredPeriod);
        lock (_gate)
        {
            if (!_armOf.TryGetValue(itemId, out int arm))
            {
                return false;
            }

            // A reward proves the period was served (possibly by another replica): fix its schedule.
            AdvanceToLocked(featuredPeriod);
            if (!IsRetained(featuredPeriod, _latestServed) || !IsFeatured(_plans, arm, featuredPeriod))
            {
                return false;
            }

            int idle = IdleAt(_plans, arm, featuredPeriod);
            if (_statistics.Add(arm, idle, reward))
            {
                _replanNeeded = true;
            }

            Volatile.Write(ref _version, _version + 1);
            return true;
        }
    }

    /// <summary>An item's recovery curve and place in the schedule, or null for an unknown item.</summary>
    /// <param name="itemId">The item id.</param>
    /// <param name="currentPeriod">The period to describe; the UCB time and the schedule position are taken there.</param>
    public RecoveringItemState? GetItem(string itemId, long currentPeriod)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        CheckPeriod(currentPeriod);
        lock (_gate)
        {
            if (!_armOf.TryGetValue(itemId, out int arm))
            {
                return null;
            }

            int maxIdle = Options.MaxIdlePeriods;
            var upper = new double[maxIdle];
            _statistics.UpperBounds(arm, UcbTime(currentPeriod), Options.MaxReward, upper);
            var curve = new RecoveryEstimate[maxIdle];
            long observations = 0;
            for (int d = 1; d <= maxIdle; d++)
            {
                long n = _statistics.Count(arm, d);
                observations += n;
                curve[d - 1] = new RecoveryEstimate(d, n, n == 0 ? null : _statistics.Sum(arm, d) / n, upper[d - 1]);
            }

            SchedulePlan? plan = PlanFor(_plans, currentPeriod);
            int position = plan?.PositionOf(arm) ?? -1;
            return new RecoveringItemState(
                itemId,
                _active[arm],
                currentPeriod,
                position >= 0 ? plan!.Periods[position] : null,
                position >= 0 ? plan!.Phases[position] : null,
                FindFeatured(arm, currentPeriod, 2 * maxIdle, forward: true),
                FindFeatured(arm, currentPeriod - 1, maxIdle, forward: false),
                observations,
                curve);
        }
    }

    /// <summary>
    /// Makes a pending re-plan now, off the request path, so that the first <see cref="ScheduledItems"/>
    /// call of the next period does not pay for planning (O(N·d_max) and more for large catalogs).
    /// </summary>
    /// <returns>True when a plan was made; false when none was pending or no period has been served yet.</returns>
    public bool PreparePlan()
    {
        lock (_gate)
        {
            if (!_replanNeeded || _latestServed == long.MinValue)
            {
                return false;
            }

            BuildPlanLocked(_latestServed + 1);
            return true;
        }
    }

    private static void CheckPeriod(long period, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(period))] string? name = null)
    {
        if (period is > MaxPeriodMagnitude or < -MaxPeriodMagnitude)
        {
            throw new ArgumentOutOfRangeException(name, period, $"A period must be within ±{MaxPeriodMagnitude}.");
        }
    }

    private long? FindFeatured(int arm, long start, int span, bool forward)
    {
        for (int k = 0; k < span; k++)
        {
            long period = forward ? start + k : start - k;
            if (IsRetained(period, _latestServed) && IsFeatured(_plans, arm, period))
            {
                return period;
            }
        }

        return null;
    }

    private sealed record PeriodMemo(long Period, ReadOnlyCollection<string> Items);
}
