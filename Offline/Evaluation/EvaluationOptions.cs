using BanditServe.Offline.Estimation;
using BanditServe.Offline.RewardModel;

namespace BanditServe.Offline.Evaluation;

/// <summary>Settings of one offline evaluation job (API.md "Offline jobs").</summary>
public sealed record EvaluationOptions
{
    /// <summary>Estimators to report, in order.</summary>
    public IReadOnlyList<Estimator> Estimators { get; init; } = EstimatorNames.Defaults;

    /// <summary>Clip threshold, shrinkage and interval levels.</summary>
    public EstimatorOptions EstimatorOptions { get; init; } = new();

    /// <summary>Bootstrap resamples; 0 reports normal-approximation intervals instead.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Seed of the bootstrap and of the reward model's folds.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Treatment of ratio estimators in the bootstrap.</summary>
    public BootstrapMode BootstrapMode { get; init; } = BootstrapMode.RecomputeRatio;

    /// <summary>Folds and ridge of the fitted reward model (used when no reward-model table is given).</summary>
    public RidgeRewardModelOptions RewardModel { get; init; } = new();
}
