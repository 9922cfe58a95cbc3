using BanditServe.Bandits.Scoring;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// The SIMD scoring kernel alone on one thread: rows × dimension item-dimensions per call, reading
/// 8 bytes (θ and 1/d as float32) per item-dimension. The kernel before issue 2 runs beside it as
/// the baseline, so the ratio comes from one run on the same machine.
/// </summary>
[MemoryDiagnoser]
public class ScoringKernelBenchmarks
{
    private float[] _table = [];
    private int[] _rows = [];
    private float[] _context = [];
    private float[] _squares = [];
    private float[] _means = [];
    private float[] _variances = [];

    [Params(10_000, 1_000_000)]
    public int Items { get; set; }

    [Params(32, 64)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _table = new float[Items * 2 * Dimension];
        for (int i = 0; i < _table.Length; i++)
        {
            _table[i] = (float)random.NextDouble();
        }

        _rows = [.. Enumerable.Range(0, Items)];
        _context = [.. Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble())];
        _squares = [.. _context.Select(x => x * x)];
        _means = new float[Items];
        _variances = new float[Items];
    }

    /// <summary>The kernel before issue 2: one row per pass, two horizontal sums per row.</summary>
    [Benchmark(Baseline = true)]
    public float OneRowPerPass()
    {
        PerRowReductionKernel.ScoreDense(_table, Dimension, _rows, _context, _squares, _means, _variances);
        return _means[^1];
    }

    /// <summary>The production backend: four rows per pass, one reduction tree for the four.</summary>
    [Benchmark]
    public float FourRowsPerPass()
    {
        CpuSimdScoringBackend.Instance.ScoreDense(_table, Dimension, _rows, _context, _squares, _means, _variances);
        return _means[^1];
    }

    /// <summary>The production backend over consecutive rows: no row list, as a whole-catalog ranking scores a block.</summary>
    [Benchmark]
    public float FourRowsPerPassConsecutive()
    {
        CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(_table, Dimension, 0, Items, _context, _squares, _means, _variances);
        return _means[^1];
    }

    /// <summary>The same pass split into one contiguous range of rows per core, as a lone full-catalog ranking does.</summary>
    [Benchmark]
    public float FourRowsPerPassAllCores()
    {
        int chunks = Environment.ProcessorCount;
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)Items * chunk / chunks);
            int end = (int)((long)Items * (chunk + 1) / chunks);
            CpuSimdScoringBackend.Instance.ScoreDense(
                _table, Dimension, _rows.AsSpan(start, end - start), _context, _squares, _means.AsSpan(start, end - start), _variances.AsSpan(start, end - start));
        });
        return _means[^1];
    }
}
