namespace BanditServe.Offline.Estimation;

/// <summary>How the bootstrap treats the self-normalised (ratio) estimators (ALGORITHMS.md 4.4).</summary>
public enum BootstrapMode
{
    /// <summary>Recomputes Σwr/Σw (or the SNDR expression) inside every resample: a true ratio bootstrap.</summary>
    RecomputeRatio,

    /// <summary>Resamples the per-round values ψ normalised with the full-sample mean(w), as OBP does.</summary>
    ObpCompatible,
}
