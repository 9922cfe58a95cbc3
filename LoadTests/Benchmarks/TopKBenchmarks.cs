using BanditServe.Bandits;
using BanditServe.Bandits.Exploration;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Selecting the best 10 of 10,000 scored candidates, as every whole-catalog rank does after scoring: with
/// distinct scores, and with every score tied (a catalog without feedback scores the prior everywhere, so the
/// item ids decide), ids <c>item-000000</c> … in index order like the load test's catalog.
/// </summary>
public class TopKBenchmarks
{
    private ItemCatalog _catalog = null!;
    private float[] _scores = [];
    private int[] _items = [];
    private readonly int[] _heap = new int[10];

    [Params(10_000)]
    public int Candidates { get; set; }

    [Params(false, true)]
    public bool Tied { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _catalog = new ItemCatalog();
        for (int i = 0; i < Candidates; i++)
        {
            _catalog.Add("item-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), true);
        }

        _scores = [.. Enumerable.Range(0, Candidates).Select(_ => Tied ? 1.5f : (float)random.NextDouble())];
        _items = [.. Enumerable.Range(0, Candidates)];
    }

    [Benchmark]
    public int SelectTop10() => TopK.SelectRange(new CandidateOrder(_scores, _items, _catalog), 0, Candidates, _heap);
}
