namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>Which items an explanation scores: the request's own list, or the active catalog, less the exclusions.</summary>
/// <param name="Requested">The request's candidates; null when all active items competed (or the request is not known).</param>
/// <param name="Excluded">Items the request excluded (none when unknown).</param>
/// <param name="Unknown">Requested candidates the surface did not know or had inactive at decision time.</param>
/// <param name="Known">
/// False when the decision's candidates or exclusions are only partly known: found in the decision log, which
/// records neither, or a request that listed more than <see cref="DecisionExplanations.MaxListedCandidates"/>.
/// </param>
internal sealed record CandidateSet(
    IReadOnlyList<string>? Requested,
    IReadOnlyCollection<string> Excluded,
    IReadOnlyCollection<string> Unknown,
    bool Known)
{
    public const string FromRequest = "request";
    public const string FromCatalog = "catalog";

    public string Source => Requested is null ? FromCatalog : FromRequest;
}
