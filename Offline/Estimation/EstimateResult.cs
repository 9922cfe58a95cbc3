namespace BanditServe.Offline.Estimation;

/// <summary>One estimator's point estimate with its uncertainty (ALGORITHMS.md 4.4).</summary>
/// <param name="Estimator">Which estimator.</param>
/// <param name="Value">Point estimate V̂.</param>
/// <param name="StandardError">SE: <c>sd(ψ)/√n</c> for mean-type estimators, the delta method for SNIPS, SNDR and Replay.</param>
/// <param name="NormalInterval">Normal-approximation interval <c>V̂ ± z_{1−α/2}·SE</c>.</param>
/// <param name="StudentTLowerBound">OBP's one-sided Student-t lower bound <c>mean(ψ) − t_{n−1,1−δ}·sd(ψ)/√n</c>.</param>
/// <param name="BootstrapInterval">Percentile bootstrap interval, or null when the bootstrap was off.</param>
/// <param name="BootstrapMean">Mean of the bootstrap estimates, or null when the bootstrap was off.</param>
public sealed record EstimateResult(
    Estimator Estimator,
    double Value,
    double StandardError,
    ConfidenceInterval NormalInterval,
    double StudentTLowerBound,
    ConfidenceInterval? BootstrapInterval,
    double? BootstrapMean)
{
    /// <summary>The reported interval: the bootstrap one where it ran, else the normal one (API.md).</summary>
    public ConfidenceInterval Interval => BootstrapInterval ?? NormalInterval;
}
