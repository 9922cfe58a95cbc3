using BanditServe.Bandits.Gpu;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>One ILGPU CPU accelerator (kernel simulator) shared by a test class: creating it and compiling kernels is the expensive part.</summary>
public sealed class CpuAcceleratorFixture : IDisposable
{
    public IlgpuScoringBackend Backend { get; } = IlgpuScoringBackend.CreateCpuSimulator();

    public void Dispose() => Backend.Dispose();
}
