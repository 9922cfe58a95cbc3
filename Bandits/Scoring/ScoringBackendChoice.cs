namespace BanditServe.Bandits.Scoring;

/// <summary>The outcome of <see cref="ScoringBackendRules.Choose"/>.</summary>
/// <param name="Device">The accelerator to open, or null to score on the CPU only.</param>
/// <param name="MinDeviceItems">The fewest active items for which a surface uses the device.</param>
/// <param name="Warning">A warning to log, or null.</param>
public sealed record ScoringBackendChoice(ScoringDevice? Device, int MinDeviceItems, string? Warning)
{
    /// <summary>The backend's name as exported in the <c>backend</c> metric label: <c>cpu-simd</c> or <c>ilgpu</c>.</summary>
    public string BackendName => Device is null ? CpuSimdScoringBackend.Instance.Name : "ilgpu";

    /// <summary>The device in words: <c>cpu</c> or the accelerator's description.</summary>
    public string DeviceDescription => Device?.Description ?? "cpu";
}
