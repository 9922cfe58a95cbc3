using BanditServe.Bandits;
using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Scoring every row through the production store on one thread: the rows live in blocks of 128 rows whose
/// tables lie side by side in slabs of up to 8 MiB, each block checked under its sequence number, so this is the
/// pass a full-catalog ranking makes, where <see cref="ScoringKernelBenchmarks"/> runs the kernel over one
/// contiguous table.
/// </summary>
[MemoryDiagnoser]
public class StoreScoringBenchmarks
{
    private DenseStatisticsStore _store = null!;
    private int[] _items = [];
    private ScoringContext _context;
    private float[] _means = [];
    private float[] _variances = [];

    [Params(10_000, 1_000_000)]
    public int Items { get; set; }

    [Params(32)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _store = new DenseStatisticsStore(Dimension, 1.0);
        for (int i = 0; i < Items; i++)
        {
            _store.AddRow(i);
        }

        _items = [.. Enumerable.Range(0, Items)];
        float[] x = [.. Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble())];
        _context = ScoringContext.Create(FeatureVector.Dense(x, Dimension), allowDense: true);
        _means = new float[Items];
        _variances = new float[Items];
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Release();

    [Benchmark]
    public float ScoreEveryRow()
    {
        _store.Score(_items, _context, CpuSimdScoringBackend.Instance, _means, _variances);
        return _means[^1];
    }
}
