using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using BanditServe.Api.Contracts;
using BanditServe.Api.Json;
using BanditServe.Api.Scoring;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;
using BanditServe.Streaming.Consuming;
using BanditServe.Streaming.Messages;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Hosting;

/// <summary>
/// Runs the hot code of a rank (reading the body, scoring a trained catalog, writing the answer, encoding the decision
/// and decoding it as the consumer does, learning) on a throw-away model before the server reports ready.
/// </summary>
/// <remarks>
/// A fresh server starts its own code as unoptimized tier-0 JIT code and recompiles the hot methods in the background
/// after they have been called often enough. Under a full load on two cores that took 13 to 17 s, during which rank
/// ran at a third to two thirds of its speed with p99 two to three times higher (docs/performance.md, "Thirteenth
/// pass" and "Fourteenth pass"). Here the same methods are compiled while no request waits: rounds of work repeat until the JIT has compiled
/// nothing new for a while, or until <see cref="ServerOptions.WarmUpSeconds"/> has passed. Nothing of it is published,
/// logged or stored, and the model is dropped afterwards. <c>/health/ready</c> reports unready until it is done.
/// </remarks>
public sealed class RankPathWarmUp(
    ScoringBackendFactory scoring,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<RankPathWarmUp> logger) : BackgroundService
{
    // The shape of the load test's headline catalog; the code paths do not depend on the sizes beyond a full block.
    private const int Dimension = 32;
    private const int Items = 10_000;
    private const int Slots = 10;
    private const int RanksPerWorkerPerRound = 64;

    /// <summary>How long the JIT must have compiled nothing before the warm-up counts as done.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);

    private volatile bool _complete;

    /// <summary>Whether the warm-up has finished (or is switched off); until then the server is not ready.</summary>
    public bool IsComplete => _complete;

    /// <summary>Rounds run; 0 when switched off.</summary>
    public int Rounds { get; private set; }

    /// <summary>Ranks run in all rounds.</summary>
    public long Ranks { get; private set; }

    /// <summary>Wall time the warm-up took.</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Whether it stopped because the JIT went quiet (true) or because the time was up (false).</summary>
    public bool Settled { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var budget = TimeSpan.FromSeconds(options.Value.WarmUpSeconds);
        if (budget <= TimeSpan.Zero)
        {
            _complete = true;
            return;
        }

        try
        {
            // Off the start-up path: the host goes on starting (the catalog, the consumer) meanwhile.
            await Task.Run(() => Run(budget, stoppingToken), stoppingToken);
            Log.RankPathWarmedUp(logger, Elapsed.TotalSeconds, Rounds, Ranks, Settled);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // A warm-up is an optimization: a failure must not keep the server unready.
            Log.RankPathWarmUpFailed(logger, ex);
        }
        finally
        {
            _complete = true;
        }
    }

    private void Run(TimeSpan budget, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));
        var model = TrainedModel(scoring.Scoring);
        var bodies = RequestBodies();
        var candidates = Enumerable.Range(0, 200).Select(i => ItemId(i * 37 % Items)).ToList();
        var exclude = new HashSet<string>(Enumerable.Range(0, 20).Select(i => ItemId(i * 101 % Items)), StringComparer.Ordinal);
        var decoders = Enumerable.Range(0, workers).Select(_ => new DecisionDecoder(1024)).ToArray();
        var buffers = Enumerable.Range(0, workers).Select(_ => new ArrayBufferWriter<byte>(2048)).ToArray();
        var learning = new Lock();

        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        var lastCompilation = Stopwatch.GetTimestamp();
        var rounds = 0;
        long ranks = 0;
        var settled = false;
        while (!cancellation.IsCancellationRequested)
        {
            var round = rounds;
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellation }, worker =>
            {
                var random = new Random(round * 131 + worker);
                for (var i = 0; i < RanksPerWorkerPerRound; i++)
                {
                    // Mostly the common full-catalog request; some with candidates or exclusions, which take other paths.
                    var shape = i % 16;
                    RankOnce(model, bodies[random.Next(bodies.Length)], shape == 7 ? candidates : null, shape == 11 ? exclude : null,
                        random, decoders[worker], buffers[worker]);
                    if (i % 4 == worker % 4)
                    {
                        // Learning runs beside ranking, one writer at a time, as the consumer does.
                        lock (learning)
                        {
                            model.Apply(ItemId(random.Next(Items)), Context(random), random.NextDouble() < 0.1 ? 1 : 0);
                        }
                    }
                }
            });

            rounds++;
            ranks += (long)workers * RanksPerWorkerPerRound;
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                lastCompilation = Stopwatch.GetTimestamp();
            }
            else if (rounds >= 3 && Stopwatch.GetElapsedTime(lastCompilation) >= QuietPeriod)
            {
                settled = true;
                break;
            }

            if (Stopwatch.GetElapsedTime(started) >= budget)
            {
                break;
            }
        }

        Rounds = rounds;
        Ranks = ranks;
        Settled = settled;
        Elapsed = Stopwatch.GetElapsedTime(started);
    }

    private void RankOnce(SurfaceModel model, byte[] body, List<string>? candidates, HashSet<string>? exclude, Random random,
        DecisionDecoder decoder, ArrayBufferWriter<byte> buffer)
    {
        if (!RankRequestReader.TryRead(body, out var request) || request?.Features is not { } features)
        {
            throw new InvalidOperationException("the warm-up's rank body did not read");
        }

        var context = FeatureVector.Dense(features, Dimension);
        var at = time.GetUtcNow();
        var outcome = model.Rank(context, candidates, exclude, request.Slots ?? 1, (ulong)random.NextInt64(), at);
        var items = new RankedItemResponse[outcome.Items.Count];
        var messageItems = new DecisionItem[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = outcome.Items[i];
            items[i] = new RankedItemResponse(item.ItemId, item.Slot, item.Score, item.Propensity);
            messageItems[i] = new DecisionItem { ItemId = item.ItemId, Slot = item.Slot, Score = item.Score, Propensity = item.Propensity };
        }

        var eventId = EventIds.NewVersion7(at);
        buffer.ResetWrittenCount();
        RankResponseJson.WriteTo(buffer, new RankResponse(eventId, "warm-up", SurfacePolicies.DiagLinUcb, outcome.ModelVersion, items, null, null));
        var message = StreamMessageCodec.Serialize(new DecisionMessage
        {
            EventId = eventId,
            Surface = "warm-up",
            At = at,
            Policy = SurfacePolicies.DiagLinUcb,
            ModelVersion = outcome.ModelVersion,
            Features = context.ToDense(),
            Items = messageItems,
        });
        if (!decoder.TryDecode(message, out _, out var error))
        {
            throw new InvalidOperationException($"the warm-up's decision did not decode: {error}");
        }
    }

    /// <summary>A catalog like a trained production one: every item has learned statistics, so the pruned scan runs.</summary>
    private static SurfaceModel TrainedModel(Bandits.Scoring.SurfaceScoring scoring)
    {
        var model = new SurfaceModel(Dimension, new DiagLinUcbOptions(), scoring);
        for (var i = 0; i < Items; i++)
        {
            model.UpsertItem(ItemId(i));
        }

        var random = new Random(7);
        for (var i = 0; i < Items * 2; i++)
        {
            var item = i % Items;
            // Items differ in their click rates, as learned ones do, so the estimates separate them.
            model.Apply(ItemId(item), Context(random), random.NextDouble() < (item % 10) / 20.0 ? 1 : 0);
        }

        return model;
    }

    private static byte[][] RequestBodies()
    {
        var random = new Random(11);
        var bodies = new byte[16][];
        for (var b = 0; b < bodies.Length; b++)
        {
            var json = new StringBuilder("{\"features\":[");
            for (var d = 0; d < Dimension; d++)
            {
                json.Append(d == 0 ? "" : ",").Append((random.NextDouble() * 2 - 1).ToString("R", CultureInfo.InvariantCulture));
            }

            bodies[b] = Encoding.UTF8.GetBytes(json.Append("],\"slots\":").Append(Slots).Append('}').ToString());
        }

        return bodies;
    }

    private static FeatureVector Context(Random random)
    {
        var values = new float[Dimension];
        for (var d = 0; d < values.Length; d++)
        {
            values[d] = (float)(random.NextDouble() * 2 - 1);
        }

        return FeatureVector.Dense(values, Dimension);
    }

    private static string ItemId(int index) => "warm-up-item-" + index.ToString(CultureInfo.InvariantCulture);
}
