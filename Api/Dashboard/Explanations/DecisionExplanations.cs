using System.Collections.Concurrent;
using BanditServe.Api.Contracts;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// The explanations of the most recent decisions this process made (bounded, oldest evicted first),
/// the rewards the stream join attached to them, and each surface's running reward totals.
/// </summary>
/// <remarks>
/// Rank records the terms it already computed for the placed items and the context's non-zero
/// coordinates, so explaining costs the hot path one dictionary insert and no scoring. The other
/// candidates' terms are not kept (scoring them at rank time would double its cost): an explanation
/// scores them again from the live model (<see cref="CandidateRankings"/>). Decisions evicted here, or
/// made before a restart, are explained from the decision log (<see cref="DecisionLogLookup"/>).
/// </remarks>
public sealed class DecisionExplanations(IOptions<DashboardOptions> options)
{
    /// <summary>Requested candidates and exclusions listed in an explanation at most (the count is always exact).</summary>
    public const int MaxListedCandidates = 1000;

    private readonly int _capacity = options.Value.ExplanationCapacity;
    private readonly ConcurrentDictionary<string, RecordedDecision> _byEvent = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedDecision> _order = new();
    private readonly ConcurrentDictionary<string, RewardAccumulator> _totals = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Decisions currently explainable.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Keeps a diag-linucb decision: its context, its candidates and each placed item's mean, uncertainty and explored flag.</summary>
    public void RecordRanking(SurfaceRuntime runtime, string eventId, DateTimeOffset at, RankRequest request, RankOutcome outcome, FeatureVector context)
    {
        var settings = runtime.Settings;
        var items = new PlacedItemTerms[outcome.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var item = outcome.Items[i];
            items[i] = new PlacedItemTerms(item.ItemId, item.Slot, item.Explored, item.Score, item.Propensity, item.Mean, item.Uncertainty);
        }

        var excluded = Listed(request.Exclude);
        var candidates = request.Candidates is { } requested
            ? new ExplainedCandidatesResponse("request", requested.Distinct(StringComparer.Ordinal).Count() - outcome.UnknownCandidates.Count,
                [.. requested.Take(MaxListedCandidates)], outcome.UnknownCandidates.Count > 0 ? outcome.UnknownCandidates : null, excluded)
            : new ExplainedCandidatesResponse("catalog", runtime.Linear?.ActiveItemCount ?? 0, null, null, excluded);
        var known = (request.Candidates?.Count ?? 0) <= MaxListedCandidates && (request.Exclude?.Count ?? 0) <= MaxListedCandidates;
        var candidateSet = new CandidateSet(candidates.ItemIds, excluded ?? [], outcome.UnknownCandidates, known);
        Add(new RecordedDecision(runtime.Id, eventId, settings.Policy, at, outcome.ModelVersion, settings.Alpha, settings.Epsilon, null,
            candidates, items, DecisionContext.From(context), candidateSet));
    }

    /// <summary>Keeps a recovering-periodic decision: the period's scheduled items (propensity 1, nothing explored).</summary>
    public void RecordSchedule(SurfaceRuntime runtime, string eventId, DateTimeOffset at, long period, IReadOnlyList<RankedItemResponse> items, long modelVersion)
    {
        var settings = runtime.Settings;
        var explained = items.Select(i => PlacedItemTerms.Scheduled(i.ItemId, i.Slot, i.Score, i.Propensity)).ToArray();
        var candidates = new ExplainedCandidatesResponse("schedule", explained.Length, null, null, null);
        Add(new RecordedDecision(runtime.Id, eventId, settings.Policy, at, modelVersion, null, settings.Epsilon, period, candidates, explained, null, null));
    }

    /// <summary>Attaches a learned reward to its decision (when still kept) and adds it to the surface's totals.</summary>
    public void RecordReward(string surface, string eventId, string itemId, double reward, bool isDefaultReward, DateTimeOffset at)
    {
        _totals.GetOrAdd(surface, static _ => new RewardAccumulator()).Add(reward);
        if (_byEvent.TryGetValue(eventId, out var decision) && decision.Surface == surface)
        {
            decision.AddReward(new JoinedRewardResponse(itemId, reward, isDefaultReward, at));
        }
    }

    /// <summary>What this process kept about one decision, or null when the surface did not make it here or it was evicted.</summary>
    internal ExplainedDecision? Find(string surface, string eventId) =>
        _byEvent.TryGetValue(eventId, out var decision) && decision.Surface == surface ? decision.ToExplained() : null;

    /// <summary>The newest decisions of a surface, newest first.</summary>
    public IReadOnlyList<RecentDecisionResponse> Recent(string surface, int count)
    {
        var recent = new List<RecentDecisionResponse>(count);
        // The queue enumerates oldest first; a bounded buffer of the last matches avoids a full copy.
        var last = new Queue<RecordedDecision>(count + 1);
        foreach (var decision in _order)
        {
            if (decision.Surface == surface)
            {
                last.Enqueue(decision);
                if (last.Count > count)
                {
                    last.Dequeue();
                }
            }
        }

        recent.AddRange(last.Reverse().Select(d => d.ToRecent()));
        return recent;
    }

    /// <summary>The rewards a surface learned since this process started.</summary>
    public JoinedRewardTotals TotalsOf(string surface) =>
        _totals.TryGetValue(surface, out var totals) ? totals.Read() : default;

    private void Add(RecordedDecision decision)
    {
        _byEvent[decision.EventId] = decision;
        _order.Enqueue(decision);
        if (Interlocked.Increment(ref _count) > _capacity && _order.TryDequeue(out var oldest))
        {
            Interlocked.Decrement(ref _count);
            _byEvent.TryRemove(KeyValuePair.Create(oldest.EventId, oldest));
        }
    }

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
