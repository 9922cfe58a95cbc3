using BanditServe.Api.Scoring;
using BanditServe.Bandits;
using BanditServe.Bandits.Recovering;
using BanditServe.Bandits.Scoring;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// One live surface: its configuration and its model. Rank reads the model without locks; every
/// mutation (learning, item changes, imports) takes <see cref="WriteLock"/> because the models allow
/// one writer at a time alongside many readers.
/// </summary>
public sealed class SurfaceRuntime
{
    private SurfaceSettings _settings;
    private long _decisions;
    private long _rewardsApplied;

    private readonly ScoringBackendFactory? _scoring;
    private RankMicroBatcher? _batcher;

    public SurfaceRuntime(string id, SurfaceSettings settings, ulong seed, ScoringBackendFactory? scoring = null)
    {
        Id = id;
        _settings = settings;
        _scoring = scoring;
        if (settings.IsPeriodic)
        {
            Periodic = WithDeviceIndex(new RecoveringPeriodicPolicy(ToRecoveryOptions(settings), seed));
        }
        else
        {
            Linear = new SurfaceModel(settings.Dimension!.Value, ToDiagLinUcbOptions(settings), Scoring);
        }
    }

    /// <summary>Where this surface's Diag-LinUCB model is scored (CPU SIMD, or a device copy for large catalogs).</summary>
    public SurfaceScoring Scoring => _scoring?.Scoring ?? SurfaceScoring.Cpu;

    /// <summary>
    /// The micro-batcher for full-catalog rank requests when the catalog is large enough for one pass
    /// over the model to serve many requests; null otherwise.
    /// </summary>
    public RankMicroBatcher? Batcher
    {
        get
        {
            if (_scoring is null || Linear is not { } linear || !_scoring.UsesMicroBatching(linear.ActiveItemCount))
            {
                return null;
            }

            var batcher = Volatile.Read(ref _batcher);
            if (batcher is null || !ReferenceEquals(batcher.Model, linear))
            {
                batcher = _scoring.CreateBatcher(linear);
                Volatile.Write(ref _batcher, batcher);
            }

            return batcher;
        }
    }


    public string Id { get; }

    public SurfaceSettings Settings => Volatile.Read(ref _settings);

    /// <summary>The Diag-LinUCB model of a <c>diag-linucb</c> surface; null otherwise.</summary>
    public SurfaceModel? Linear { get; private set; }

    /// <summary>The PP-UCB policy of a <c>recovering-periodic</c> surface; null otherwise.</summary>
    public RecoveringPeriodicPolicy? Periodic { get; private set; }

    public object WriteLock { get; } = new();

    /// <summary>
    /// Whether this surface was loaded from the catalog at start, so the stream consumer restores its model from the
    /// newest checkpoint: until that restore its model is the prior, not the learned one, and must not be served.
    /// A surface created or replaced since start is newer than every checkpoint and takes nothing from one.
    /// </summary>
    public bool AwaitsCheckpointRestore { get; private set; }

    /// <summary>
    /// The catalog as the admin API and storage define it (item → active). Kept beside the model so a
    /// checkpoint restore, which brings back older item sets, can re-apply newer catalog changes.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Catalog { get; } = new(StringComparer.Ordinal);

    public long Decisions => Interlocked.Read(ref _decisions);

    public long RewardsApplied => Interlocked.Read(ref _rewardsApplied);

    public int ItemCount => Linear?.ItemCount ?? Periodic!.ItemCount;

    public long ModelVersion => Linear?.Version ?? Periodic!.Version;

    public void CountDecision() => Interlocked.Increment(ref _decisions);

    /// <summary>Marks a surface loaded at start, before it is registered (see <see cref="AwaitsCheckpointRestore"/>).</summary>
    public void ExpectCheckpointRestore() => AwaitsCheckpointRestore = true;

    public void CountRewardApplied() => Interlocked.Increment(ref _rewardsApplied);

    /// <summary>Applies settings that do not change the model's shape (caller holds the write lock).</summary>
    public void UpdateSettings(SurfaceSettings settings)
    {
        if (Linear is not null)
        {
            Linear.Options = ToDiagLinUcbOptions(settings);
        }

        Volatile.Write(ref _settings, settings);
    }

    /// <summary>Replaces the model wholesale (checkpoint restore, model import); caller holds the write lock.</summary>
    public void ReplaceModel(SurfaceModel? linear, RecoveringPeriodicPolicy? periodic)
    {
        var previous = Linear;
        Linear = linear;
        Periodic = periodic is null ? null : WithDeviceIndex(periodic);
        if (previous is not null && !ReferenceEquals(previous, linear))
        {
            previous.ReleaseDeviceCopy();
        }
    }

    /// <summary>Lets a recovering policy compute its per-item index on the device, for catalogs as large as ranking's.</summary>
    private RecoveringPeriodicPolicy WithDeviceIndex(RecoveringPeriodicPolicy policy)
    {
        policy.IndexBackend = Scoring.Device as IRecoveryIndexBackend;
        policy.MinDeviceArms = Scoring.MinDeviceItems;
        return policy;
    }

    /// <summary>Frees device memory when the surface goes away.</summary>
    public void Release() => Linear?.ReleaseDeviceCopy();

    /// <summary>
    /// Adds a checkpoint's counters to the ones counted since start: the counters stay totals even where this
    /// process counted before the restore.
    /// </summary>
    public void AddCheckpointCounters(long decisions, long rewardsApplied)
    {
        Interlocked.Add(ref _decisions, decisions);
        Interlocked.Add(ref _rewardsApplied, rewardsApplied);
    }

    public static DiagLinUcbOptions ToDiagLinUcbOptions(SurfaceSettings s) =>
        new(s.Alpha, s.Epsilon, s.Ridge, s.Forgetting);

    public static RecoveryOptions ToRecoveryOptions(SurfaceSettings s) =>
        new(s.Recovery!.PeriodSeconds, s.Recovery.SlotsPerPeriod, s.Recovery.MaxIdlePeriods, s.Recovery.AllowClientClock, s.DefaultReward ?? 0);

    /// <summary>
    /// The first schedule-shaping recovery field (period length, slots, idle range) in which a policy's options differ
    /// from the surface's settings, or null when the policy fits the surface (imports and checkpoint restores).
    /// </summary>
    public static string? RecoveryMismatch(SurfaceSettings s, RecoveryOptions options) =>
        options.PeriodSeconds != s.Recovery!.PeriodSeconds ? "periodSeconds"
        : options.SlotsPerPeriod != s.Recovery.SlotsPerPeriod ? "slotsPerPeriod"
        : options.MaxIdlePeriods != s.Recovery.MaxIdlePeriods ? "maxIdlePeriods"
        : null;
}
