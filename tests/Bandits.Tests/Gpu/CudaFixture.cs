using BanditServe.Bandits.Gpu;
using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>The first CUDA device, when one exists; <see cref="Backend"/> is null otherwise.</summary>
public sealed class CudaFixture : IDisposable
{
    private readonly IlgpuDeviceProvider _provider = new();

    public CudaFixture()
    {
        ScoringDevice? cuda = _provider.Devices.FirstOrDefault(d => d.Kind == ScoringDeviceKind.Cuda);
        Backend = cuda is null ? null : (IlgpuScoringBackend)_provider.Open(cuda);
    }

    public IlgpuScoringBackend? Backend { get; }

    public void Dispose() => _provider.Dispose();
}
