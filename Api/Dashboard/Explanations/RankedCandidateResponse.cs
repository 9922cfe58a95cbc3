namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>One candidate of a decision, scored again with the live model (see <see cref="CandidateRankingResponse"/>).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Rank">Its position among all candidates by <see cref="Score"/> (1 = best; ties by item id); null when the model no longer has the item.</param>
/// <param name="Mean">The mean <c>Σ x·θ</c> for the decision's context (ALGORITHMS.md 2.3).</param>
/// <param name="Uncertainty">The width <c>sqrt(Σ x²/precision)</c>.</param>
/// <param name="ExplorationBonus"><c>alpha·Uncertainty</c>.</param>
/// <param name="Score"><c>Mean + ExplorationBonus</c>: what the greedy branch of rank orders by.</param>
/// <param name="Slot">The slot the decision placed it in; null when it was not placed.</param>
/// <param name="Explored">For a placed item, whether the epsilon branch picked it; null when not placed.</param>
/// <param name="DecisionScore">For a placed item, the score the rank response carried (decision time); null when not placed.</param>
public sealed record RankedCandidateResponse(
    string ItemId,
    int? Rank,
    double? Mean,
    double? Uncertainty,
    double? ExplorationBonus,
    double? Score,
    int? Slot,
    bool? Explored,
    double? DecisionScore);
