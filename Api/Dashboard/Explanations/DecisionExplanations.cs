using System.Collections.Concurrent;
using BanditServe.Api.Contracts;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;
using BanditServe.Streaming.Collections;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// The explanations of the most recent decisions this process made (bounded, oldest evicted first),
/// the rewards the stream join attached to them, and each surface's running reward totals.
/// </summary>
/// <remarks>
/// Rank records the terms it already computed for the placed items and the context's non-zero
/// coordinates into a reused slot of a ring (<see cref="RecordedDecision"/>), so explaining costs the hot path
/// one dictionary insert, a few copies and no scoring or new objects. The other
/// candidates' terms are not kept (scoring them at rank time would double its cost): an explanation
/// scores them again from the live model (<see cref="CandidateRankings"/>). Decisions evicted here, or
/// made before a restart, are explained from the decision log (<see cref="DecisionLogLookup"/>).
/// </remarks>
public sealed class DecisionExplanations(IOptions<DashboardOptions> options)
{
    /// <summary>Requested candidates and exclusions listed in an explanation at most (the count is always exact).</summary>
    public const int MaxListedCandidates = 1000;

    private readonly int _capacity = CapacityOf(options.Value);
    private readonly Lock _gate = new();

    // A ring of reused slots (grown up to the capacity, then overwritten oldest first) and where each event is.
    private RecordedDecision?[] _ring = new RecordedDecision?[Math.Min(CapacityOf(options.Value), 1024)];
    // Event ids copied into a table of plain values (see RecordedDecision.EventKey), each with its ring index.
    private readonly CharKeyTable<int> _byEvent = new();
    private int _filled;
    private int _newest = -1;
    private readonly ConcurrentDictionary<string, RewardAccumulator> _totals = new(StringComparer.Ordinal);

    /// <summary>Decisions currently explainable.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _filled;
            }
        }
    }

    /// <summary>Keeps a diag-linucb decision: its context, its candidates and each placed item's mean, uncertainty and explored flag.</summary>
    public void RecordRanking(SurfaceRuntime runtime, string eventId, DateTimeOffset at, RankRequest request, RankOutcome outcome, FeatureVector context)
    {
        var settings = runtime.Settings;
        // The lists a request named are copied outside the lock (rare: most ranks compete over the catalog).
        var excluded = Listed(request.Exclude);
        IReadOnlyList<string>? requestedIds = request.Candidates is { } listed ? [.. listed.Take(MaxListedCandidates)] : null;
        int requestedCount = request.Candidates is { } requested ? requested.Distinct(StringComparer.Ordinal).Count() - outcome.UnknownCandidates.Count : 0;
        var known = (request.Candidates?.Count ?? 0) <= MaxListedCandidates && (request.Exclude?.Count ?? 0) <= MaxListedCandidates;
        lock (_gate)
        {
            var (slot, key) = Claim(eventId);
            slot.Reset(runtime.Id, key, settings.Policy, at, outcome.ModelVersion, settings.Alpha, settings.Epsilon, null);
            var items = slot.Items(outcome.Items.Count);
            for (var i = 0; i < items.Length; i++)
            {
                var item = outcome.Items[i];
                items[i] = new PlacedItemTerms(item.ItemId, item.Slot, item.Explored, item.Score, item.Propensity, item.Mean, item.Uncertainty);
            }

            if (requestedIds is not null)
            {
                slot.SetCandidates(CandidateSet.FromRequest, requestedCount, requestedIds, outcome.UnknownCandidates.Count > 0 ? outcome.UnknownCandidates : null, excluded);
            }
            else
            {
                slot.SetCandidates(CandidateSet.FromCatalog, runtime.Linear?.ActiveItemCount ?? 0, null, null, excluded);
            }

            slot.SetCandidateSet(known);
            slot.SetContext(context);
        }
    }

    /// <summary>Keeps a recovering-periodic decision: the period's scheduled items (propensity 1, nothing explored).</summary>
    public void RecordSchedule(SurfaceRuntime runtime, string eventId, DateTimeOffset at, long period, IReadOnlyList<RankedItemResponse> items, long modelVersion)
    {
        var settings = runtime.Settings;
        lock (_gate)
        {
            var (slot, key) = Claim(eventId);
            slot.Reset(runtime.Id, key, settings.Policy, at, modelVersion, null, settings.Epsilon, period);
            var placed = slot.Items(items.Count);
            for (var i = 0; i < placed.Length; i++)
            {
                placed[i] = PlacedItemTerms.Scheduled(items[i].ItemId, items[i].Slot, items[i].Score, items[i].Propensity);
            }

            slot.SetCandidates("schedule", placed.Length, null, null, null);
        }
    }

    /// <summary>Attaches a learned reward to its decision (when still kept) and adds it to the surface's totals.</summary>
    public void RecordReward(string surface, string eventId, string itemId, double reward, bool isDefaultReward, DateTimeOffset at)
    {
        _totals.GetOrAdd(surface, static _ => new RewardAccumulator()).Add(reward);
        lock (_gate)
        {
            if (IndexOf(eventId) is int index && _ring[index]!.Surface == surface)
            {
                _ring[index]!.AddReward(new JoinedRewardResponse(itemId, reward, isDefaultReward, at));
            }
        }
    }

    /// <summary>What this process kept about one decision, or null when the surface did not make it here or it was evicted.</summary>
    internal ExplainedDecision? Find(string surface, string eventId)
    {
        lock (_gate)
        {
            return IndexOf(eventId) is int index && _ring[index]!.Surface == surface ? _ring[index]!.ToExplained(eventId) : null;
        }
    }

    /// <summary>The newest decisions of a surface, newest first.</summary>
    public IReadOnlyList<RecentDecisionResponse> Recent(string surface, int count)
    {
        var recent = new List<RecentDecisionResponse>(Math.Max(0, Math.Min(count, 1024)));
        lock (_gate)
        {
            for (var k = 0; k < _filled && recent.Count < count; k++)
            {
                var slot = _ring[(_newest - k + _capacity) % _capacity]!;
                if (slot.Surface == surface && IsCurrent(slot.EventKey))
                {
                    recent.Add(slot.ToRecent(_byEvent.Key(slot.EventKey.Slot).ToString()));
                }
            }
        }

        return recent;
    }

    /// <summary>The rewards a surface learned since this process started.</summary>
    public JoinedRewardTotals TotalsOf(string surface) =>
        _totals.TryGetValue(surface, out var totals) ? totals.Read() : default;

    /// <summary>The slot the next decision goes in: a new one until the ring is full, then the oldest, forgotten. Under the lock.</summary>
    private (RecordedDecision Slot, (int Slot, int Generation) EventKey) Claim(string eventId)
    {
        int index = (_newest + 1) % _capacity;
        if (_filled < _capacity)
        {
            if (index == _ring.Length)
            {
                Array.Resize(ref _ring, (int)Math.Min(_capacity, 2L * _ring.Length));
            }

            _filled++;
        }
        else if (_ring[index]!.EventKey is var old && IsCurrent(old) && _byEvent.Value(old.Slot) == index)
        {
            // An event id used again later points at its newer slot; only this slot's own entry goes.
            _byEvent.Remove(old.Slot);
        }

        var slot = _ring[index] ??= new RecordedDecision();
        int eventSlot = _byEvent.Find(eventId);
        if (eventSlot < 0)
        {
            eventSlot = _byEvent.Add(eventId, index);
        }
        else
        {
            _byEvent.Value(eventSlot) = index;
        }

        _newest = index;
        return (slot, (eventSlot, _byEvent.Generation(eventSlot)));
    }

    /// <summary>The ring index of <paramref name="eventId"/>'s newest decision, or null. Under the lock.</summary>
    private int? IndexOf(string eventId)
    {
        int slot = _byEvent.Find(eventId);
        return slot < 0 ? null : _byEvent.Value(slot);
    }

    private bool IsCurrent((int Slot, int Generation) key) => _byEvent.Holds(key.Slot, key.Generation);

    private static int CapacityOf(DashboardOptions options) => Math.Max(1, options.ExplanationCapacity);

    private static IReadOnlyList<string>? Listed(List<string>? ids) =>
        ids is { Count: > 0 } ? [.. ids.Take(MaxListedCandidates)] : null;

    private sealed class RewardAccumulator
    {
        private long _count;
        private readonly object _gate = new();
        private double _sum;

        public void Add(double reward)
        {
            lock (_gate)
            {
                _count++;
                _sum += reward;
            }
        }

        public JoinedRewardTotals Read()
        {
            lock (_gate)
            {
                return new JoinedRewardTotals(_count, _sum);
            }
        }
    }
}
