using ILGPU;
using ILGPU.Algorithms;

namespace BanditServe.Bandits.Gpu.Kernels;

/// <summary>
/// The recovering-reward policy's per-item index Ũ (ALGORITHMS.md §3.4), one thread per arm:
/// <c>U_d = R_max</c> when <c>n_d = 0</c>, else <c>min(R_max, S_d/n_d + R_max·sqrt(logTerm/n_d))</c>
/// with <c>logTerm = 2·ln(max(t, 2))</c>, then the monotone closure <c>Ũ_d = min_{d' ≥ d} U_{d'}</c>.
/// </summary>
/// <remarks>float64 throughout, like the CPU policy; IEEE division and square root make the results bit-identical to it.</remarks>
internal static class RecoveryIndexKernel
{
    public static void Execute(
        Index1D arm,
        ArrayView<long> counts,
        ArrayView<double> sums,
        ArrayView<double> upperBounds,
        int maxIdle,
        double logTerm,
        double maxReward)
    {
        long start = (long)arm.X * maxIdle;
        for (int d = 0; d < maxIdle; d++)
        {
            long n = counts[start + d];
            upperBounds[start + d] = n == 0
                ? maxReward
                : XMath.Min(maxReward, (sums[start + d] / n) + (maxReward * XMath.Sqrt(logTerm / n)));
        }

        for (int d = maxIdle - 2; d >= 0; d--)
        {
            upperBounds[start + d] = XMath.Min(upperBounds[start + d], upperBounds[start + d + 1]);
        }
    }
}
