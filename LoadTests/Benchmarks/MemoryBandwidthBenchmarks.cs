using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// STREAM triad <c>a = b + s·c</c> on one thread over 3 × 64 MiB of doubles (far beyond cache):
/// 24 bytes per element counted, as STREAM does. The ceiling that scoring of large catalogs meets.
/// <see cref="ReadOnlySum"/> reads 256 MiB (the 1M × d32 table) and writes nothing, the pattern of
/// the scoring kernel, whose ceiling on one core it is.
/// </summary>
public class MemoryBandwidthBenchmarks
{
    private const int Elements = 8 * 1024 * 1024;
    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];
    private float[] _read = [];

    [GlobalSetup]
    public void Setup()
    {
        _a = new double[Elements];
        _b = new double[Elements];
        _c = new double[Elements];
        Array.Fill(_b, 1.0);
        Array.Fill(_c, 2.0);
        _read = new float[64 * 1024 * 1024];
        Array.Fill(_read, 1f);
    }

    [Benchmark]
    public double Triad()
    {
        TensorPrimitives.MultiplyAdd(_c, 3.0, _b, _a);
        return _a[^1];
    }

    /// <summary>The triad with one contiguous range per core: the machine's bandwidth rather than one core's.</summary>
    [Benchmark]
    public double TriadAllCores()
    {
        int chunks = Environment.ProcessorCount;
        Parallel.For(0, chunks, chunk =>
        {
            int start = (int)((long)Elements * chunk / chunks);
            int length = (int)((long)Elements * (chunk + 1) / chunks) - start;
            TensorPrimitives.MultiplyAdd(_c.AsSpan(start, length), 3.0, _b.AsSpan(start, length), _a.AsSpan(start, length));
        });
        return _a[^1];
    }

    /// <summary>Sums 256 MiB of floats: 4 bytes per element, nothing written.</summary>
    [Benchmark]
    public float ReadOnlySum() => TensorPrimitives.Sum(_read);
}
