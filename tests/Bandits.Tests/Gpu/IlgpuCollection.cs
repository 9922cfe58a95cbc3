namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>
/// Test classes that create ILGPU contexts and accelerators run alone, one after another. The CPU accelerator parity
/// tests failed in about one full CI run in five with device results that looked like other memory (plan versions
/// 33 against 3 or 14, top-k rows like 32569), never alone; the one other class that creates and disposes a CPU
/// accelerator (<see cref="ScoringBackendRulesTests"/>) ran in parallel with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IlgpuCollection
{
    public const string Name = "ILGPU accelerators";
}
