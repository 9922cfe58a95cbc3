using BanditServe.Offline.Estimation;

namespace BanditServe.Offline.WarmStart;

/// <summary>Settings of the OPE gate that decides whether a warm-started model is published.</summary>
public sealed record WarmStartGateOptions
{
    /// <summary>Exploration width α of the surface that will serve the model.</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Per-slot uniform exploration ε of the surface that will serve the model.</summary>
    public double Epsilon { get; init; } = 0.05;

    /// <summary>Folds K: each row is scored by a model fitted without its fold.</summary>
    public int Folds { get; init; } = 3;

    /// <summary>Estimator whose lower confidence bound must reach the logging policy's value (DR by default).</summary>
    public Estimator Estimator { get; init; } = Estimator.DoublyRobust;

    /// <summary>Clip threshold and interval level of the estimator.</summary>
    public EstimatorOptions EstimatorOptions { get; init; } = new();

    /// <summary>Bootstrap resamples of the interval; 0 uses the normal approximation.</summary>
    public int BootstrapSamples { get; init; } = 1000;

    /// <summary>Seed of the folds, the reward model and the bootstrap.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>Validates the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the field.</summary>
    public void Validate()
    {
        if (!(Alpha >= 0 && double.IsFinite(Alpha)))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "alpha must be a finite number ≥ 0.");
        }

        if (!(Epsilon >= 0 && Epsilon < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "epsilon must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Folds, 2, nameof(Folds));
        EstimatorOptions.Validate();
    }
}
