using BanditServe.Bandits.Gpu;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>The parity tests on the first CUDA device; each test is skipped, with the reason, where no CUDA device exists.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuCudaParityTests(CudaFixture fixture) : IlgpuParityTests, IClassFixture<CudaFixture>
{
    protected override IlgpuScoringBackend Backend
    {
        get
        {
            Assert.SkipUnless(fixture.Backend is not null, "No CUDA device is present on this machine; the same tests ran on ILGPU's CPU accelerator.");
            return fixture.Backend!;
        }
    }
}
