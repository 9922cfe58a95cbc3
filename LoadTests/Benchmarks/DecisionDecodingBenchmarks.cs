using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Messages;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// Reading one decision as the consumer does for every rank the server answers: the shape of the load test's
/// headline run (d = 32 dense context, 10 slots), with the generic codec and with the consumer's fast decoder.
/// </summary>
[MemoryDiagnoser]
public class DecisionDecodingBenchmarks
{
    private readonly DecisionDecoder _decoder = new();
    private byte[] _message = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _message = StreamMessageCodec.Serialize(new DecisionMessage
        {
            EventId = Guid.NewGuid().ToString(),
            Surface = "loadtest",
            At = new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero),
            Policy = "diag-linucb",
            ModelVersion = 123_456,
            Features = [.. Enumerable.Range(0, 32).Select(_ => (float)(random.NextDouble() * 2 - 1))],
            Items = [.. Enumerable.Range(0, 10).Select(slot => new DecisionItem
            {
                ItemId = "item-" + random.Next(10_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "-" + slot,
                Slot = slot,
                Score = random.NextDouble(),
                Propensity = 0.95 + random.NextDouble() * 0.05,
            })],
        });
    }

    [Benchmark(Baseline = true)]
    public DecisionMessage? Codec() => StreamMessageCodec.TryParseDecision(_message, out var decision, out _) ? decision : null;

    [Benchmark]
    public DecisionMessage? Decoder() => _decoder.TryDecode(_message, out var decision, out _) ? decision : null;
}
