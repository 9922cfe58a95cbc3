namespace BanditServe.Offline.Estimation;

/// <summary>The off-policy estimators of ALGORITHMS.md section 4.3, named as OBP names them.</summary>
public enum Estimator
{
    /// <summary>Inverse propensity scoring: <c>ψ = w·r</c>.</summary>
    Ips,

    /// <summary>Clipped IPS: <c>ψ = min(w, C)·r</c>.</summary>
    ClippedIps,

    /// <summary>Self-normalised IPS: <c>Σ w·r / Σ w</c> (never clipped, as in OBP).</summary>
    SelfNormalizedIps,

    /// <summary>Direct method: <c>ψ = q̂(x, π_e)</c>.</summary>
    DirectMethod,

    /// <summary>Doubly robust, unclipped: <c>ψ = q̂(x, π_e) + w·(r − q̂(x, a))</c>.</summary>
    DoublyRobust,

    /// <summary>Self-normalised doubly robust: <c>ψ = q̂(x, π_e) + w·(r − q̂(x, a)) / mean(w)</c>.</summary>
    SelfNormalizedDoublyRobust,

    /// <summary>Switch-DR: the importance correction is kept only where <c>w ≤ C</c> (inclusive).</summary>
    SwitchDoublyRobust,

    /// <summary>DR with optimistic shrinkage: <c>ŵ = λw/(w² + λ)</c>.</summary>
    DoublyRobustWithShrinkage,

    /// <summary>Replay for a deterministic evaluation policy: mean reward over the rounds it agrees with the log.</summary>
    Replay,
}
