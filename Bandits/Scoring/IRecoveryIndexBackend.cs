namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Computes the recovering-reward policy's per-item index Ũ (ALGORITHMS.md §3.4) for many arms at once:
/// per arm and idle time <c>d</c>, <c>U_d = R_max</c> without observations, else
/// <c>min(R_max, S_d/n_d + R_max·sqrt(2·ln(max(t, 2))/n_d))</c>, then <c>Ũ_d = min_{d' ≥ d} U_{d'}</c>.
/// </summary>
public interface IRecoveryIndexBackend
{
    /// <summary>Computes Ũ for every arm.</summary>
    /// <param name="counts">n per arm and idle time, row-major (arm · maxIdle + d − 1).</param>
    /// <param name="sums">S, same layout.</param>
    /// <param name="maxIdle">d_max, ≥ 1; the spans' length is a multiple of it.</param>
    /// <param name="t">The periods since the schedule's origin.</param>
    /// <param name="maxReward">R_max.</param>
    /// <param name="upperBounds">Receives Ũ, same layout.</param>
    void ComputeUpperBounds(ReadOnlySpan<long> counts, ReadOnlySpan<double> sums, int maxIdle, long t, double maxReward, Span<double> upperBounds);
}
