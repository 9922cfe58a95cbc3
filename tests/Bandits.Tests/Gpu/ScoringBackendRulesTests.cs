using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Tests.Gpu;

[Collection(IlgpuCollection.Name)]
public sealed class ScoringBackendRulesTests
{
    private static readonly ScoringDevice Simulator = new("CPUAccelerator", ScoringDeviceKind.Cpu, 1L << 34);
    private static readonly ScoringDevice OpenCl = new("Radeon", ScoringDeviceKind.OpenCL, 1L << 35);
    private static readonly ScoringDevice SmallCuda = new("T4", ScoringDeviceKind.Cuda, 1L << 34);
    private static readonly ScoringDevice LargeCuda = new("H100", ScoringDeviceKind.Cuda, 80L << 30);

    [Fact]
    public void Auto_without_a_gpu_scores_on_the_cpu_even_when_the_simulator_exists()
    {
        ScoringBackendChoice choice = ScoringBackendRules.Choose(ScoringBackendMode.Auto, [Simulator], 65_536);

        Assert.Null(choice.Device);
        Assert.Equal("cpu-simd", choice.BackendName);
        Assert.Null(choice.Warning);
    }

    [Fact]
    public void Auto_picks_cuda_before_opencl_then_the_most_memory_and_keeps_the_size_threshold()
    {
        ScoringBackendChoice choice = ScoringBackendRules.Choose(ScoringBackendMode.Auto, [Simulator, OpenCl, SmallCuda, LargeCuda], 65_536);

        Assert.Equal(LargeCuda, choice.Device);
        Assert.Equal(65_536, choice.MinDeviceItems);
        Assert.Equal("ilgpu", choice.BackendName);
        Assert.Equal("cuda: H100", choice.DeviceDescription);
    }

    [Fact]
    public void Auto_uses_an_opencl_gpu_when_no_cuda_device_exists()
    {
        Assert.Equal(OpenCl, ScoringBackendRules.Choose(ScoringBackendMode.Auto, [Simulator, OpenCl], 1000).Device);
    }

    [Fact]
    public void Cpu_mode_ignores_every_gpu()
    {
        Assert.Null(ScoringBackendRules.Choose(ScoringBackendMode.Cpu, [LargeCuda], 0).Device);
    }

    [Fact]
    public void Ilgpu_mode_forces_the_device_for_every_catalog_size()
    {
        ScoringBackendChoice choice = ScoringBackendRules.Choose(ScoringBackendMode.Ilgpu, [Simulator, LargeCuda], 65_536);

        Assert.Equal(LargeCuda, choice.Device);
        Assert.Equal(0, choice.MinDeviceItems);
        Assert.Null(choice.Warning);
    }

    [Fact]
    public void Ilgpu_mode_without_a_gpu_uses_the_cpu_accelerator_with_a_warning()
    {
        ScoringBackendChoice choice = ScoringBackendRules.Choose(ScoringBackendMode.Ilgpu, [Simulator], 65_536);

        Assert.Equal(Simulator, choice.Device);
        Assert.Contains("CPU accelerator", choice.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_catalogs_stay_on_the_cpu_in_auto_mode()
    {
        using var simulator = BanditServe.Bandits.Gpu.IlgpuScoringBackend.CreateCpuSimulator();
        var model = new SurfaceModel(2, new DiagLinUcbOptions(), new SurfaceScoring(simulator, MinDeviceItems: 100));
        for (int j = 0; j < 99; j++)
        {
            model.UpsertItem($"i{j}");
        }

        Assert.False(model.UsesDevice());
        model.UpsertItem("i99");
        Assert.True(model.UsesDevice());
    }
}
