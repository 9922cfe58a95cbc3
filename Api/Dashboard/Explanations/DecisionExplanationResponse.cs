namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>Body of <c>GET /v1/surfaces/{surface}/decisions/{eventId}/explanation</c>.</summary>
/// <param name="EventId">The decision.</param>
/// <param name="Surface">Its surface.</param>
/// <param name="Policy">The surface's policy when it decided.</param>
/// <param name="At">The decision time.</param>
/// <param name="ModelVersion">The model version that ranked.</param>
/// <param name="Alpha">The exploration width in force (diag-linucb).</param>
/// <param name="Epsilon">The probability of a uniformly random pick per slot in force.</param>
/// <param name="Period">The scheduled period (recovering-periodic).</param>
/// <param name="Candidates">Which items competed.</param>
/// <param name="Items">The placed items, by slot, with their mean and uncertainty terms.</param>
/// <param name="ExploredSlots">The slots filled by the epsilon branch.</param>
/// <param name="Rewards">The rewards joined to the decision so far (in the order learned).</param>
public sealed record DecisionExplanationResponse(
    string EventId,
    string Surface,
    string Policy,
    DateTimeOffset At,
    long ModelVersion,
    double? Alpha,
    double Epsilon,
    long? Period,
    ExplainedCandidatesResponse Candidates,
    IReadOnlyList<ExplainedItemResponse> Items,
    IReadOnlyList<int> ExploredSlots,
    IReadOnlyList<JoinedRewardResponse> Rewards);
