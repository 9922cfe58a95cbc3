using BanditServe.Bandits;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Ranking <see cref="Requests"/> concurrent full-catalog requests (top 10) on the CPU: one by one
/// (each a parallel pass over the whole model) against one batched pass that reads each row once
/// for all of them. Throughput = Requests / mean.
/// </summary>
[MemoryDiagnoser]
public class MicroBatchRankBenchmarks
{
    private SurfaceModel _model = null!;
    private RankRequest[] _requests = [];
    private RankOutcome?[] _outcomes = [];
    private Exception?[] _errors = [];

    [Params(1_000_000)]
    public int Items { get; set; }

    [Params(64)]
    public int Dimension { get; set; }

    [Params(1, 16)]
    public int Requests { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = BenchmarkModels.Build(Items, Dimension, scoring: null);
        var random = new Random(7);
        _requests = [.. Enumerable.Range(0, Requests).Select(r => new RankRequest(BenchmarkModels.RandomContext(random, Dimension), null, null, 10, (ulong)r, null))];
        _outcomes = new RankOutcome?[Requests];
        _errors = new Exception?[Requests];
    }

    [Benchmark(Baseline = true)]
    public int OneByOne()
    {
        int placed = 0;
        foreach (RankRequest request in _requests)
        {
            placed += _model.Rank(request.Context, null, null, request.Slots, request.Seed).Items.Count;
        }

        return placed;
    }

    [Benchmark]
    public int Batched()
    {
        _model.RankBatch(_requests, _outcomes, _errors);
        return _outcomes.Sum(o => o!.Items.Count);
    }
}
