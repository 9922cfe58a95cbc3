using BanditServe.Bandits;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// A whole <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong)"/>
/// over every active item: candidate resolution, scoring (parallel above 2^18 item-dimensions), top-10 and placement.
/// </summary>
[MemoryDiagnoser]
public class RankBenchmarks
{
    private SurfaceModel _model = null!;
    private FeatureVector _context;
    private ulong _seed;

    [Params(10_000, 1_000_000)]
    public int Items { get; set; }

    [Params(32, 64)]
    public int Dimension { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _model = new SurfaceModel(Dimension, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0.05));
        var values = new float[Dimension];
        for (int j = 0; j < Items; j++)
        {
            string id = $"item-{j}";
            _model.UpsertItem(id);
            for (int c = 0; c < Dimension; c++)
            {
                values[c] = (float)random.NextDouble();
            }

            _model.Apply(id, FeatureVector.Dense(values, Dimension), random.NextDouble());
        }

        for (int c = 0; c < Dimension; c++)
        {
            values[c] = (float)random.NextDouble();
        }

        _context = FeatureVector.Dense(values, Dimension);
    }

    [Benchmark]
    public int RankTop10() => _model.Rank(_context, null, null, 10, _seed++).Items.Count;
}
