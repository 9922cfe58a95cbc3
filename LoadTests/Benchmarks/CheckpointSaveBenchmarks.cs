using BanditServe.Storage;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Saving one checkpoint to the embedded SQLite store, the size the consumer writes at about 150,000 open decisions
/// of the headline load (a 55 MB join state and a 3 MB model state), with the three newest kept as in production:
/// each save also frees the oldest checkpoint's pages. docs/performance.md, "Fourteenth pass", has the figures and why
/// the faster zeroblob variant it measured was not kept.
/// </summary>
[MemoryDiagnoser]
public class CheckpointSaveBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "banditserve-checkpoint-bench-" + Guid.NewGuid().ToString("N"));
    private SqliteBanditStore? _store;
    private Checkpoint? _checkpoint;

    [Params(55)]
    public int JoinStateMegabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new SqliteBanditStore(Options.Create(new StorageOptions { SqlitePath = Path.Combine(_directory, "banditserve.db") }));
        var random = new Random(42);
        var join = new byte[JoinStateMegabytes << 20];
        var model = new byte[3 << 20];
        random.NextBytes(join);
        random.NextBytes(model);
        _checkpoint = new Checkpoint(DateTimeOffset.UnixEpoch, new Dictionary<string, byte[]> { ["*"] = model }, [new KafkaOffset("banditserve.decisions", 0, 1)], join);
        for (var i = 0; i < 3; i++)
        {
            Save();
        }
    }

    [Benchmark]
    public long Save() => _store!.SaveCheckpointAsync(_checkpoint!, CancellationToken.None).GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
