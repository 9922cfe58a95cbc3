using BanditServe.Bandits;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// <see cref="SurfaceModel.Apply"/> throughput: 1,024 updates per invocation spread over 10,000 items;
/// dense contexts for d = 32/64, 8 hashed-style coordinates for the 2^24 sparse store.
/// </summary>
[MemoryDiagnoser]
public class UpdateBenchmarks
{
    private const int Batch = 1024;
    private SurfaceModel _model = null!;
    private FeatureVector[] _contexts = [];
    private string[] _items = [];

    [Params(32, 64, 16_777_216)]
    public int Dimension { get; set; }

    [Params(1.0, 0.999)]
    public double Forgetting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _model = new SurfaceModel(Dimension, new DiagLinUcbOptions(Forgetting: Forgetting));
        _items = [.. Enumerable.Range(0, 10_000).Select(j => $"item-{j}")];
        foreach (string id in _items)
        {
            _model.UpsertItem(id);
        }

        _contexts = new FeatureVector[Batch];
        for (int e = 0; e < Batch; e++)
        {
            if (Dimension > SurfaceModel.DenseDimensionLimit)
            {
                int[] indices = [.. Enumerable.Range(0, 8).Select(_ => random.Next(Dimension)).Distinct()];
                _contexts[e] = FeatureVector.Sparse(indices, [.. indices.Select(_ => 1f)], Dimension);
            }
            else
            {
                _contexts[e] = FeatureVector.Dense([.. Enumerable.Range(0, Dimension).Select(_ => (float)random.NextDouble())], Dimension);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Apply()
    {
        for (int e = 0; e < Batch; e++)
        {
            _model.Apply(_items[(e * 7919) % _items.Length], _contexts[e], e & 1);
        }
    }
}
