namespace BanditServe.Bandits;

/// <summary>One item of a <see cref="SurfaceModelSnapshot"/>: its counters and the float64 statistics of the coordinates that left the prior.</summary>
/// <param name="ItemId">The item (1–128 characters).</param>
/// <param name="Active">Whether it is ranked.</param>
/// <param name="Impressions">How many rankings placed it.</param>
/// <param name="RewardsApplied">How many examples updated it.</param>
/// <param name="RewardSum">The sum of the applied rewards.</param>
/// <param name="LastShownAt">When a ranking last placed it, if known.</param>
/// <param name="Indices">Ascending, unique coordinate indices in <c>[0, dimension)</c>.</param>
/// <param name="SumSquares">The excess precision <c>Σ x²</c> (≥ 0) per coordinate: precision = ridge + SumSquares.</param>
/// <param name="SumRewards">The reward sum <c>b = Σ x·r</c> per coordinate.</param>
public sealed record ItemSnapshot(
    string ItemId,
    bool Active,
    long Impressions,
    long RewardsApplied,
    double RewardSum,
    DateTimeOffset? LastShownAt,
    int[] Indices,
    double[] SumSquares,
    double[] SumRewards);
