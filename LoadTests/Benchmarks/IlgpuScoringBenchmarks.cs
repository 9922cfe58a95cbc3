using BanditServe.Bandits;
using BanditServe.Bandits.Gpu;
using BanditServe.Bandits.Scoring;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Full-catalog ranking of a batch of contexts on the first CUDA device (1M items × d64, batches of
/// 1, 16 and 256): the model is resident on the device, scoring and top-K run there. Needs a CUDA
/// GPU; the setup refuses to run without one. Model bytes read per batch = Items × 8·D; compare
/// Items × 8·D / mean with the device's memory bandwidth.
/// </summary>
public class IlgpuScoringBenchmarks
{
    private IlgpuDeviceProvider _provider = null!;
    private SurfaceModel _model = null!;
    private RankRequest[] _requests = [];
    private RankOutcome?[] _outcomes = [];
    private Exception?[] _errors = [];

    [Params(1_000_000)]
    public int Items { get; set; }

    [Params(64)]
    public int Dimension { get; set; }

    [Params(1, 16, 256)]
    public int Contexts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _provider = new IlgpuDeviceProvider();
        ScoringDevice cuda = _provider.Devices.FirstOrDefault(d => d.Kind == ScoringDeviceKind.Cuda)
            ?? throw new InvalidOperationException("IlgpuScoringBenchmarks needs a CUDA device; none is present.");
        _model = BenchmarkModels.Build(Items, Dimension, new SurfaceScoring(_provider.Open(cuda), MinDeviceItems: 0));
        var random = new Random(7);
        _requests = [.. Enumerable.Range(0, Contexts).Select(r => new RankRequest(BenchmarkModels.RandomContext(random, Dimension), null, null, 10, (ulong)r, null))];
        _outcomes = new RankOutcome?[Contexts];
        _errors = new Exception?[Contexts];
        _model.RankBatch(_requests[..1], _outcomes, _errors);
        _model.FlushDeviceCopy();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.ReleaseDeviceCopy();
        _provider.Dispose();
    }

    [Benchmark]
    public int RankBatchOnDevice()
    {
        _model.RankBatch(_requests, _outcomes, _errors);
        return _outcomes.Sum(o => o!.Items.Count);
    }
}
