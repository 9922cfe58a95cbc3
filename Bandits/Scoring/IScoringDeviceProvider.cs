namespace BanditServe.Bandits.Scoring;

/// <summary>Lists the accelerators present and opens a resident backend on one (implemented by <c>Bandits.Gpu</c>).</summary>
public interface IScoringDeviceProvider
{
    /// <summary>The accelerators present, the CPU simulator included.</summary>
    IReadOnlyList<ScoringDevice> Devices { get; }

    /// <summary>Opens a backend on <paramref name="device"/>: creates its accelerator and loads the kernels once.</summary>
    /// <param name="device">One of <see cref="Devices"/>.</param>
    /// <returns>The backend; it lives as long as the provider.</returns>
    IResidentScoringBackend Open(ScoringDevice device);
}
