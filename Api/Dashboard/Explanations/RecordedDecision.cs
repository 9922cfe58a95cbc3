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
    ExplainedItemResponse[] items)
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

    public DecisionExplanationResponse ToResponse()
    {
        JoinedRewardResponse[] rewards;
        lock (_rewards)
        {
            rewards = [.. _rewards];
        }

        return new DecisionExplanationResponse(
            EventId, Surface, policy, At, modelVersion, alpha, epsilon, period, candidates, items,
            [.. items.Where(i => i.Explored).Select(i => i.Slot)], rewards);
    }
}
