using System.Data.Common;
using BanditServe.Api.Surfaces;
using BanditServe.Storage;

namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// Builds a decision's explanation: from this process's memory when it still holds the decision, else
/// from the decision log; then scores every candidate with the live model.
/// </summary>
public sealed class DecisionExplainer(DecisionExplanations memory, DecisionLogLookup log, CandidateRankings rankings, ILogger<DecisionExplainer> logger)
{
    /// <summary>The explanation; else why the event was not found, or <c>StorageFailed</c> when the decision log could not be read.</summary>
    public async Task<(DecisionExplanationResponse? Explanation, string? Missing, bool StorageFailed)> ExplainAsync(
        SurfaceRuntime runtime, string eventId, int top, DateTimeOffset? around, CancellationToken cancellationToken)
    {
        var decision = memory.Find(runtime.Id, eventId);
        if (decision is null)
        {
            try
            {
                var (record, rewards, search) = await log.FindAsync(runtime.Id, eventId, around, runtime.Settings.RewardWindowSeconds, cancellationToken);
                if (record is null)
                {
                    return (null, search.Describe(), false);
                }

                decision = FromLog(runtime, record, rewards);
            }
            catch (DbException ex)
            {
                Log.DashboardDecisionLogUnreadable(logger, runtime.Id, ex);
                return (null, null, true);
            }
        }

        var (ranking, note) = rankings.Rank(runtime, decision, top);
        var notes = new List<string>(decision.Notes);
        if (note is not null)
        {
            notes.Add(note);
        }

        if (ranking is { TermsMatchDecision: false })
        {
            notes.Add($"the candidate terms are recomputed with model version {ranking.TermsModelVersion}; the decision was ranked with version {decision.ModelVersion}, so they can differ from what it saw");
        }

        return (new DecisionExplanationResponse(
            decision.EventId, decision.Surface, decision.Policy, decision.At, decision.ModelVersion, decision.Alpha, decision.Epsilon,
            decision.Period, decision.Source, decision.Candidates, decision.Items,
            [.. decision.Items.Where(i => i.Explored).Select(i => i.Slot)], decision.Rewards, ranking, notes), null, false);
    }

    private static ExplainedDecision FromLog(SurfaceRuntime runtime, DecisionRecord record, IReadOnlyList<RewardRecord> rewards)
    {
        var settings = runtime.Settings;
        var joined = rewards.Select(r => new JoinedRewardResponse(r.ItemId, r.Reward, r.Outcome == RewardOutcome.DefaultApplied, r.At)).ToArray();
        var notes = new List<string>();
        if (record.Policy != settings.Policy)
        {
            notes.Add($"the surface's policy is now '{settings.Policy}'; it was re-created since this decision");
        }

        if (runtime.Periodic is { } periodic)
        {
            notes.Add("found in the decision log, which does not record the period: it is recomputed from the decision time");
            var scheduled = record.Items.Select(i => new ExplainedItemResponse(i.ItemId, i.Slot, i.Score, i.Propensity, false, null, null, null)).ToArray();
            return new ExplainedDecision(
                ExplainedDecision.FromDecisionLog, record.Surface, record.EventId, record.Policy, record.At, record.ModelVersion, null,
                settings.Epsilon, periodic.PeriodOf(record.At), new ExplainedCandidatesResponse("schedule", scheduled.Length, null, null, null),
                scheduled, joined, null, null, notes);
        }

        // The log keeps each slot's exact propensity but not the ε branch: an exploited slot has (1 − ε) + ε/m > 1 − ε,
        // a uniform pick of another item ε/m ≤ ε (ALGORITHMS.md 4.2), which separate for ε < 0.5.
        var epsilon = settings.Epsilon;
        var items = record.Items
            .Select(i => new ExplainedItemResponse(i.ItemId, i.Slot, i.Score, i.Propensity, epsilon > 0 && i.Propensity < 1 - epsilon, null, null, null))
            .ToArray();
        notes.Add("found in the decision log, which records neither the request's candidate list nor its exclusions: the candidate table scores the surface's active items now, plus the placed ones");
        notes.Add("alpha and epsilon are the surface's current settings (the log does not record them); explored slots are inferred from the logged propensities (below 1 − ε), so a uniform pick that landed on the greedy item is not flagged");
        notes.Add("the placed items' decision-time mean and uncertainty are not logged, only their scores (decisionScore)");
        var context = runtime.Linear is { } model ? DecisionContext.From(record, model.Dimension) : null;
        return new ExplainedDecision(
            ExplainedDecision.FromDecisionLog, record.Surface, record.EventId, record.Policy, record.At, record.ModelVersion, settings.Alpha,
            epsilon, null, null, items, joined, context, new CandidateSet(null, [], [], Known: false), notes);
    }
}
