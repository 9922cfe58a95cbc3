namespace BanditServe.Bandits.Scoring;

/// <summary>An accelerator a resident backend could run on.</summary>
/// <param name="Name">The device's name as its driver reports it.</param>
/// <param name="Kind">CPU simulator, CUDA or OpenCL.</param>
/// <param name="MemoryBytes">Its memory.</param>
public sealed record ScoringDevice(string Name, ScoringDeviceKind Kind, long MemoryBytes)
{
    /// <summary>The device in words for logs and metric labels, e.g. <c>cuda: NVIDIA H100</c>.</summary>
    public string Description => $"{Kind.ToString().ToLowerInvariant()}: {Name}";
}
