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
    ExplainedItemResponse[] items,
    DecisionContext? context,
    CandidateSet? candidateSet)
{
    private readonly List<JoinedRewardResponse> _rewards = [];

    public string Surface { get; } = surface;

    public string EventId { get; } = eventId;

    public DateTimeOffset At { get; } = at;

    public void AddReward(JoinedRewardResponse reward)
    {
        lock (_rewards)
        {
            _rewards.Add(reward);
        }
    }

    public RecentDecisionResponse ToRecent()
    {
        int rewards;
        lock (_rewards)
        {
            rewards = _rewards.Count;
        }

        return new RecentDecisionResponse(EventId, At, [.. items.Select(i => i.ItemId)], items.Count(i => i.Explored), rewards);
    }

    public ExplainedDecision ToExplained()
    {
        JoinedRewardResponse[] rewards;
        lock (_rewards)
        {
            rewards = [.. _rewards];
        }

        var notes = candidateSet is { Known: false }
            ? [$"the request listed more than {DecisionExplanations.MaxListedCandidates} candidates or exclusions; only the first {DecisionExplanations.MaxListedCandidates} of each are kept, so the candidate table scores those"]
            : Array.Empty<string>();
        return new ExplainedDecision(
            ExplainedDecision.FromMemory, Surface, EventId, policy, At, modelVersion, alpha, epsilon, period,
            candidates, items, rewards, context, candidateSet, notes);
    }
}
