namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>Body of <c>GET /v1/surfaces/{surface}/decisions/{eventId}/explanation</c>.</summary>
/// <param name="EventId">The decision.</param>
/// <param name="Surface">Its surface.</param>
/// <param name="Policy">The surface's policy when it decided.</param>
/// <param name="At">The decision time.</param>
/// <param name="ModelVersion">The model version that ranked.</param>
/// <param name="Alpha">The exploration width in force (diag-linucb); from the decision log: the surface's current one.</param>
/// <param name="Epsilon">The probability of a uniformly random pick per slot in force; from the decision log: the surface's current one.</param>
/// <param name="Period">The scheduled period (recovering-periodic).</param>
/// <param name="Source"><c>memory</c> (this process ranked it and still holds it) or <c>decisionLog</c> (read back from storage).</param>
/// <param name="Candidates">Which items competed, as the request gave them; null when found in the decision log, which does not record it.</param>
/// <param name="Items">The placed items, by slot, with their decision-time mean and uncertainty terms (null when found in the decision log).</param>
/// <param name="ExploredSlots">The slots filled by the epsilon branch.</param>
/// <param name="Rewards">The rewards joined to the decision so far (in the order learned).</param>
/// <param name="Ranking">Every candidate scored with the live model, best first; null on recovering-periodic surfaces.</param>
/// <param name="Notes">What this explanation could not know exactly, in words (empty when nothing).</param>
public sealed record DecisionExplanationResponse(
    string EventId,
    string Surface,
    string Policy,
    DateTimeOffset At,
    long ModelVersion,
    double? Alpha,
    double Epsilon,
    long? Period,
    string Source,
    ExplainedCandidatesResponse? Candidates,
    IReadOnlyList<ExplainedItemResponse> Items,
    IReadOnlyList<int> ExploredSlots,
    IReadOnlyList<JoinedRewardResponse> Rewards,
    CandidateRankingResponse? Ranking,
    IReadOnlyList<string> Notes);
