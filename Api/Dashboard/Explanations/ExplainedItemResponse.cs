namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>One placed item of a decision with the terms of its score at decision time.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Slot">Its slot (0 = first).</param>
/// <param name="Score">The score the rank response carried: <c>Mean + alpha·Uncertainty</c> on diag-linucb, 1 on a schedule.</param>
/// <param name="Propensity">The exact probability of this pick given the slots before it.</param>
/// <param name="Explored">True when the epsilon branch picked it (a uniformly random remaining candidate).</param>
/// <param name="Mean">The model's mean <c>Σ x·θ</c> for the context (ALGORITHMS.md 2.3); null on schedules.</param>
/// <param name="Uncertainty">The width <c>sqrt(Σ x²/precision)</c>; null on schedules.</param>
/// <param name="ExplorationBonus"><c>alpha·Uncertainty</c>, what optimism added to the mean; null on schedules.</param>
public sealed record ExplainedItemResponse(
    string ItemId,
    int Slot,
    double Score,
    double Propensity,
    bool Explored,
    double? Mean,
    double? Uncertainty,
    double? ExplorationBonus);
