namespace BanditServe.Offline.RewardModel;

/// <summary>Settings of the cross-fitted ridge reward model (ALGORITHMS.md 4.4, [OURS]).</summary>
public sealed record RidgeRewardModelOptions
{
    /// <summary>Number of cross-fitting folds K (default 3); 1 fits one model on every row.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Ridge penalty λ on every coefficient (intercept included).</summary>
    public double Ridge { get; init; } = 1.0;

    /// <summary>Seed of the assignment of rounds to folds.</summary>
    public int Seed { get; init; } = 12345;
}
