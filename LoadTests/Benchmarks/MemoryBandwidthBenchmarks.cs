using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// STREAM triad <c>a = b + s·c</c> on one thread over 3 × 64 MiB of doubles (far beyond cache):
/// 24 bytes per element counted, as STREAM does. The ceiling that scoring of large catalogs meets.
/// </summary>
public class MemoryBandwidthBenchmarks
{
    private const int Elements = 8 * 1024 * 1024;
    private double[] _a = [];
    private double[] _b = [];
    private double[] _c = [];

    [GlobalSetup]
    public void Setup()
    {
        _a = new double[Elements];
        _b = new double[Elements];
        _c = new double[Elements];
        Array.Fill(_b, 1.0);
        Array.Fill(_c, 2.0);
    }

    [Benchmark]
    public double Triad()
    {
        TensorPrimitives.MultiplyAdd(_c, 3.0, _b, _a);
        return _a[^1];
    }
}
