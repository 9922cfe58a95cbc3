namespace BanditServe.Bandits;

/// <summary>The result of <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong)"/>.</summary>
/// <param name="Items">The placed items in slot order (fewer than asked when fewer candidates remain).</param>
/// <param name="UnknownCandidates">Requested candidates that are unknown or inactive, in request order.</param>
/// <param name="ModelVersion">The model version the ranking started from.</param>
public sealed record RankOutcome(IReadOnlyList<RankedItem> Items, IReadOnlyList<string> UnknownCandidates, long ModelVersion);
