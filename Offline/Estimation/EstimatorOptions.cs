namespace BanditServe.Offline.Estimation;

/// <summary>Hyper-parameters of the estimators.</summary>
public sealed record EstimatorOptions
{
    /// <summary>
    /// Weight threshold C of <c>ips-clip</c> (weights capped at C) and <c>switch-dr</c> (correction kept
    /// where w ≤ C). API.md default 20; <see cref="double.PositiveInfinity"/> disables it.
    /// </summary>
    public double ClipThreshold { get; init; } = 20.0;

    /// <summary>Shrinkage λ of DR-os; 0 gives DM, +∞ gives DR.</summary>
    public double ShrinkageLambda { get; init; } = 20.0;

    /// <summary>Two-sided level α of the confidence intervals (0.05 gives 95% intervals).</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>One-sided level δ of the Student-t lower bound.</summary>
    public double LowerBoundDelta { get; init; } = 0.05;

    /// <summary>Validates the options; throws <see cref="ArgumentOutOfRangeException"/> naming the field.</summary>
    public void Validate()
    {
        if (!(ClipThreshold > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipThreshold), ClipThreshold, "The clip threshold must be > 0.");
        }

        if (!(ShrinkageLambda >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ShrinkageLambda), ShrinkageLambda, "The shrinkage λ must be ≥ 0.");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "α must be in (0, 1).");
        }

        if (!(LowerBoundDelta > 0 && LowerBoundDelta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LowerBoundDelta), LowerBoundDelta, "δ must be in (0, 1).");
        }
    }
}
