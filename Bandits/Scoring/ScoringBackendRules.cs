namespace BanditServe.Bandits.Scoring;

/// <summary>Which backend serves, given the configured mode and the accelerators present (API.md <c>Scoring:Backend</c>).</summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>cpu</c>: the CPU SIMD backend, whatever is present.</item>
/// <item><c>auto</c>: the best GPU (CUDA before OpenCL, then the most memory) when one is present,
/// used only for surfaces with at least <c>minDeviceItems</c> active items; the CPU otherwise.
/// ILGPU's CPU accelerator is never chosen: it simulates a GPU and is slower than the SIMD path.</item>
/// <item><c>ilgpu</c>: the best accelerator, the CPU simulator included (with a warning), for every
/// surface whatever its size.</item>
/// </list>
/// </remarks>
public static class ScoringBackendRules
{
    /// <summary>Chooses the backend.</summary>
    /// <param name="mode">The configured mode.</param>
    /// <param name="devices">The accelerators present (empty where ILGPU is not available).</param>
    /// <param name="minDeviceItems">The catalog size from which the device pays (auto mode).</param>
    /// <returns>The choice.</returns>
    public static ScoringBackendChoice Choose(ScoringBackendMode mode, IReadOnlyList<ScoringDevice> devices, int minDeviceItems)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfNegative(minDeviceItems);
        ScoringDevice? gpu = devices
            .Where(d => d.Kind != ScoringDeviceKind.Cpu)
            .OrderBy(d => d.Kind == ScoringDeviceKind.Cuda ? 0 : 1)
            .ThenByDescending(d => d.MemoryBytes)
            .FirstOrDefault();

        switch (mode)
        {
            case ScoringBackendMode.Cpu:
                return new ScoringBackendChoice(null, int.MaxValue, null);
            case ScoringBackendMode.Auto:
                return gpu is null
                    ? new ScoringBackendChoice(null, int.MaxValue, null)
                    : new ScoringBackendChoice(gpu, minDeviceItems, null);
            case ScoringBackendMode.Ilgpu:
                if (gpu is not null)
                {
                    return new ScoringBackendChoice(gpu, 0, null);
                }

                ScoringDevice? simulator = devices.FirstOrDefault(d => d.Kind == ScoringDeviceKind.Cpu);
                return simulator is null
                    ? new ScoringBackendChoice(null, int.MaxValue, "Scoring:Backend is 'ilgpu' but no ILGPU accelerator is available; scoring on the CPU SIMD backend.")
                    : new ScoringBackendChoice(simulator, 0, "Scoring:Backend is 'ilgpu' and no GPU is present: using ILGPU's CPU accelerator, which is meant for testing kernels and is much slower than the CPU SIMD backend.");
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown scoring backend mode.");
        }
    }
}
