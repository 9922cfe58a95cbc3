using BanditServe.Bandits;
using BanditServe.Bandits.Recovering;

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

    public SurfaceRuntime(string id, SurfaceSettings settings, ulong seed)
    {
        Id = id;
        _settings = settings;
        if (settings.IsPeriodic)
        {
            Periodic = new RecoveringPeriodicPolicy(ToRecoveryOptions(settings), seed);
        }
        else
        {
            Linear = new SurfaceModel(settings.Dimension!.Value, ToDiagLinUcbOptions(settings));
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
    /// The catalog as the admin API and storage define it (item → active). Kept beside the model so a
    /// checkpoint restore, which brings back older item sets, can re-apply newer catalog changes.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> Catalog { get; } = new(StringComparer.Ordinal);

    public long Decisions => Interlocked.Read(ref _decisions);

    public long RewardsApplied => Interlocked.Read(ref _rewardsApplied);

    public int ItemCount => Linear?.ItemCount ?? Periodic!.ItemCount;

    public long ModelVersion => Linear?.Version ?? Periodic!.Version;

    public void CountDecision() => Interlocked.Increment(ref _decisions);

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
        Linear = linear;
        Periodic = periodic;
    }

    public void RestoreCounters(long decisions, long rewardsApplied)
    {
        Interlocked.Exchange(ref _decisions, decisions);
        Interlocked.Exchange(ref _rewardsApplied, rewardsApplied);
    }

    public static DiagLinUcbOptions ToDiagLinUcbOptions(SurfaceSettings s) =>
        new(s.Alpha, s.Epsilon, s.Ridge, s.Forgetting);

    public static RecoveryOptions ToRecoveryOptions(SurfaceSettings s) =>
        new(s.Recovery!.PeriodSeconds, s.Recovery.SlotsPerPeriod, s.Recovery.MaxIdlePeriods, s.Recovery.AllowClientClock, s.DefaultReward ?? 0);
}
