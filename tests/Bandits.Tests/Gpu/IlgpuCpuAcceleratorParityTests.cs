using BanditServe.Bandits.Gpu;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>The parity tests on ILGPU's CPU accelerator: they run everywhere, CI included.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class IlgpuCpuAcceleratorParityTests(CpuAcceleratorFixture fixture) : IlgpuParityTests, IClassFixture<CpuAcceleratorFixture>
{
    protected override IlgpuScoringBackend Backend => fixture.Backend;
}
