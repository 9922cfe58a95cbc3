namespace BanditServe.Bandits;

/// <summary>What the model knows about one item (API.md, <c>GET …/items/{itemId}</c>).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Active">False once deactivated (kept for offline evaluation).</param>
/// <param name="Impressions">How many rankings placed it.</param>
/// <param name="RewardsApplied">How many examples updated it.</param>
/// <param name="MeanReward">The average of the applied rewards (0 before the first).</param>
/// <param name="LastShownAt">When a ranking that passed a time last placed it, if ever.</param>
/// <param name="Theta"><c>b / precision</c> for every coordinate, for dimensions up to <see cref="SurfaceModel.DenseDimensionLimit"/>; else null.</param>
/// <param name="Precision"><c>ridge + Σ x²</c> for every coordinate, for dimensions up to <see cref="SurfaceModel.DenseDimensionLimit"/>; else null.</param>
/// <param name="Sparse">The coordinates that left the prior, for larger dimensions; else null.</param>
public sealed record ItemState(
    string ItemId,
    bool Active,
    long Impressions,
    long RewardsApplied,
    double MeanReward,
    DateTimeOffset? LastShownAt,
    double[]? Theta,
    double[]? Precision,
    SparseCoordinates? Sparse);
