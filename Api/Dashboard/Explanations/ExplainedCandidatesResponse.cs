namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>Which items a decision chose from.</summary>
/// <param name="Source"><c>request</c> when the request listed candidates, <c>catalog</c> when all active items competed, <c>schedule</c> on recovering-periodic surfaces.</param>
/// <param name="Count">How many known candidates competed (before exclusions on <c>catalog</c>).</param>
/// <param name="ItemIds">The candidates the request listed (first <see cref="DecisionExplanations.MaxListedCandidates"/>); null for the catalog.</param>
/// <param name="Unknown">Requested candidates the surface does not know (or that are inactive).</param>
/// <param name="Excluded">Items the request excluded (first <see cref="DecisionExplanations.MaxListedCandidates"/>).</param>
public sealed record ExplainedCandidatesResponse(
    string Source,
    int Count,
    IReadOnlyList<string>? ItemIds,
    IReadOnlyList<string>? Unknown,
    IReadOnlyList<string>? Excluded);
