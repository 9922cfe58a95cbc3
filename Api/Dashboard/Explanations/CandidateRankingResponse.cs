namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// Every candidate of a decision ordered by score: the best <see cref="Top"/> plus every placed item.
/// </summary>
/// <remarks>
/// The terms are recomputed when the explanation is asked for, from the live model (rank does not keep
/// the terms of candidates it did not place), in float64 from the model's statistics. When
/// <see cref="TermsMatchDecision"/> is true the model has not changed since the decision, so they are the
/// decision's terms up to the float32 rounding rank scores with (about 1e-7 relative).
/// </remarks>
/// <param name="TermsModelVersion">The model version the terms were computed with.</param>
/// <param name="TermsRecomputed">Always true: the terms are computed at explanation time, not captured at decision time.</param>
/// <param name="TermsMatchDecision">True when <see cref="TermsModelVersion"/> is the decision's model version.</param>
/// <param name="Alpha">The exploration width the scores use (the model's current one).</param>
/// <param name="CandidateSet"><c>request</c>: the request's candidate list; <c>catalog</c>: the model's active items now. Both less the request's exclusions.</param>
/// <param name="CandidateSetKnown">False when the decision's own candidates or exclusions are not (fully) known and the set is the best available stand-in (see the explanation's notes).</param>
/// <param name="Total">How many candidates were scored.</param>
/// <param name="Top">How many of the best are listed (the query's <c>top</c>).</param>
/// <param name="Candidates">The best <see cref="Top"/> by score, then any placed item ranked below them.</param>
public sealed record CandidateRankingResponse(
    long TermsModelVersion,
    bool TermsRecomputed,
    bool TermsMatchDecision,
    double Alpha,
    string CandidateSet,
    bool CandidateSetKnown,
    int Total,
    int Top,
    IReadOnlyList<RankedCandidateResponse> Candidates);
