namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>A decision kept for explanation: immutable decision-time terms plus the rewards joined later.</summary>
internal sealed class RecordedDecision(
    string surface,
    string eventId,
    string policy,
    DateTimeOffset at,
    long modelVersion,
    double? alpha,
    double epsilon,
    long? period,
    ExplainedCandidatesResponse candidates,
    PlacedItemTerms[] items,
    DecisionContext? context,
    CandidateSet? candidateSet)
{
    // Copy on write: rewards are few per decision and most decisions get none while they are kept, so
    // no list or lock object is allocated for every decision.
    private JoinedRewardResponse[] _rewards = [];

    public string Surface { get; } = surface;

    public string EventId { get; } = eventId;

    public DateTimeOffset At { get; } = at;

    public void AddReward(JoinedRewardResponse reward)
    {
        JoinedRewardResponse[] current, extended;
        do
        {
            current = Volatile.Read(ref _rewards);
            extended = [.. current, reward];
        }
        while (Interlocked.CompareExchange(ref _rewards, extended, current) != current);
    }

    public RecentDecisionResponse ToRecent()
    {
        int rewards = Volatile.Read(ref _rewards).Length;
        return new RecentDecisionResponse(EventId, At, [.. items.Select(i => i.ItemId)], items.Count(i => i.Explored), rewards);
    }

    public ExplainedDecision ToExplained()
    {
        var rewards = Volatile.Read(ref _rewards);

        var notes = candidateSet is { Known: false }
            ? [$"the request listed more than {DecisionExplanations.MaxListedCandidates} candidates or exclusions; only the first {DecisionExplanations.MaxListedCandidates} of each are kept, so the candidate table scores those"]
            : Array.Empty<string>();
        return new ExplainedDecision(
            ExplainedDecision.FromMemory, Surface, EventId, policy, At, modelVersion, alpha, epsilon, period,
            candidates, [.. items.Select(i => i.ToResponse(alpha))], rewards, context, candidateSet, notes);
    }
}
