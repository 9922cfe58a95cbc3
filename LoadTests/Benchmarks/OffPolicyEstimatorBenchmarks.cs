using System.Diagnostics;
using BanditServe.Offline.Estimation;
using BenchmarkDotNet.Attributes;

namespace BanditServe.LoadTests.Benchmarks;

/// <summary>
/// IPS + SNIPS + DR with standard errors and 95% intervals over 10 million logged rows (OBP's
/// "rounds": one impression each, at one of 3 positions) with 20 actions. Each row's evaluation-policy
/// distribution and reward-model predictions over the 20 actions are looked up and reduced to
/// π_e(a|x), q̂(x, a) and q̂(x, π_e) = Σ π_e·q̂ as the evaluate job does. <see cref="ArraysSingleThreaded"/>
/// is the straightforward path (materialise the per-row arrays, then <see cref="OffPolicyEstimators"/>);
/// <see cref="StreamingParallel"/> feeds 64k-row chunks to one <see cref="OffPolicyAccumulator"/> per
/// chunk on all cores and merges them in chunk order (bit-identical for any thread count).
/// </summary>
/// <remarks>The peak working set of the benchmark process is printed at the end of each run.</remarks>
[MemoryDiagnoser]
public class OffPolicyEstimatorBenchmarks
{
    private const int Actions = 20;
    private const int Positions = 3;
    private const int Contexts = 1000;
    private const int ChunkRows = 1 << 16;
    private static readonly Estimator[] Estimators = [Estimator.Ips, Estimator.SelfNormalizedIps, Estimator.DoublyRobust];

    // Per (context, position, action): logging and evaluation policies, their cumulative logging
    // distribution for sampling, the true click rate; per (context, action) the reward model.
    private double[] logging = [];
    private double[] loggingCumulative = [];
    private double[] target = [];
    private double[] clickRate = [];
    private double[] rewardModel = [];

    [Params(10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        var cells = Contexts * Positions * Actions;
        logging = new double[cells];
        loggingCumulative = new double[cells];
        target = new double[cells];
        clickRate = new double[cells];
        rewardModel = new double[Contexts * Actions];
        var affinity = new double[Actions];
        for (var c = 0; c < Contexts; c++)
        {
            for (var a = 0; a < Actions; a++)
            {
                affinity[a] = random.NextDouble() * 2 - 1;
                rewardModel[(c * Actions) + a] = 0.05 + (0.05 * affinity[a]) + (0.01 * (random.NextDouble() - 0.5));
            }

            for (var k = 0; k < Positions; k++)
            {
                var cell = ((c * Positions) + k) * Actions;
                Softmax(affinity, 0.5, logging.AsSpan(cell, Actions));
                Softmax(affinity, 3.0, target.AsSpan(cell, Actions));
                var cumulative = 0.0;
                for (var a = 0; a < Actions; a++)
                {
                    cumulative += logging[cell + a];
                    loggingCumulative[cell + a] = cumulative;
                    clickRate[cell + a] = (0.05 + (0.05 * affinity[a])) / (1 + k);
                }
            }
        }
    }

    [Benchmark(Baseline = true)]
    public double ArraysSingleThreaded()
    {
        var rewards = new double[Rows];
        var propensities = new double[Rows];
        var targets = new double[Rows];
        var loggedPredictions = new double[Rows];
        var targetPredictions = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            (rewards[i], propensities[i], targets[i], loggedPredictions[i], targetPredictions[i]) = Row(i);
        }

        var rounds = new OffPolicyRounds(rewards, propensities, targets, loggedPredictions, targetPredictions);
        return OffPolicyEstimators.Estimate(Estimators, rounds).Sum(e => e.Value + e.StandardError);
    }

    [Benchmark]
    public double StreamingParallel()
    {
        var chunks = (Rows + ChunkRows - 1) / ChunkRows;
        var accumulators = new OffPolicyAccumulator[chunks];
        Parallel.For(
            0,
            chunks,
            () => new double[5 * ChunkRows],
            (chunk, _, buffer) =>
            {
                var start = chunk * ChunkRows;
                var length = Math.Min(ChunkRows, Rows - start);
                var rewards = buffer.AsSpan(0, length);
                var propensities = buffer.AsSpan(ChunkRows, length);
                var targets = buffer.AsSpan(2 * ChunkRows, length);
                var loggedPredictions = buffer.AsSpan(3 * ChunkRows, length);
                var targetPredictions = buffer.AsSpan(4 * ChunkRows, length);
                for (var i = 0; i < length; i++)
                {
                    (rewards[i], propensities[i], targets[i], loggedPredictions[i], targetPredictions[i]) = Row(start + i);
                }

                var accumulator = new OffPolicyAccumulator();
                accumulator.Add(rewards, propensities, targets, loggedPredictions, targetPredictions);
                accumulators[chunk] = accumulator;
                return buffer;
            },
            _ => { });

        var total = new OffPolicyAccumulator();
        foreach (var accumulator in accumulators)
        {
            total.Merge(accumulator);
        }

        return Estimators.Sum(e => total.Estimate(e).Value + total.Estimate(e).StandardError);
    }

    [GlobalCleanup]
    public void ReportPeakMemory()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// OffPolicyEstimatorBenchmarks peak working set: {process.PeakWorkingSet64 / (1024.0 * 1024.0):0} MiB");
    }

    /// <summary>Logged row <paramref name="i"/>, a pure function of i so both paths see the same log.</summary>
    private (double Reward, double Propensity, double Target, double LoggedPrediction, double TargetPrediction) Row(int i)
    {
        var bits = Mix((ulong)i);
        var context = (int)(bits % Contexts);
        var position = i % Positions;
        var cell = ((context * Positions) + position) * Actions;
        var draw = (Mix(bits) >> 11) * (1.0 / (1UL << 53));
        var action = 0;
        while (action < Actions - 1 && loggingCumulative[cell + action] < draw)
        {
            action++;
        }

        var click = (Mix(bits ^ 0x5851F42D4C957F2DUL) >> 11) * (1.0 / (1UL << 53)) < clickRate[cell + action] ? 1.0 : 0.0;
        var predictions = rewardModel.AsSpan(context * Actions, Actions);
        var distribution = target.AsSpan(cell, Actions);
        var expected = 0.0;
        for (var a = 0; a < Actions; a++)
        {
            expected += distribution[a] * predictions[a];
        }

        return (click, logging[cell + action], distribution[action], predictions[action], expected);
    }

    private static void Softmax(ReadOnlySpan<double> scores, double temperature, Span<double> probabilities)
    {
        var total = 0.0;
        for (var a = 0; a < scores.Length; a++)
        {
            probabilities[a] = Math.Exp(temperature * scores[a]);
            total += probabilities[a];
        }

        for (var a = 0; a < scores.Length; a++)
        {
            probabilities[a] /= total;
        }
    }

    /// <summary>SplitMix64 finaliser: a stateless hash of the row index.</summary>
    private static ulong Mix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
