namespace BanditServe.Offline.Estimation;

/// <summary>
/// Percentile bootstrap of OBP <c>utils.py</c> L45–87: resample rows with replacement B times and
/// take the α/2 and 1 − α/2 percentiles (NumPy "linear") of the resampled estimates.
/// </summary>
/// <remarks>
/// Resamples run in blocks, each with its own generator seeded from (seed, block), so the result is
/// bit-identical for a seed whatever the number of threads.
/// </remarks>
internal static class PercentileBootstrap
{
    private const int BlockSize = 64;

    public static (ConfidenceInterval Interval, double Mean) Run(
        EstimatorTerms terms,
        double[] roundValues,
        BootstrapOptions options,
        double alpha,
        Action<int>? resampled = null)
    {
        var samples = options.Samples;
        var estimates = new double[samples];
        var blocks = (samples + BlockSize - 1) / BlockSize;
        var recompute = options.Mode == BootstrapMode.RecomputeRatio && terms.HasRatio;
        Parallel.For(0, blocks, block =>
        {
            var random = new Random(BlockSeed(options.Seed, block));
            var n = roundValues.Length;
            var end = Math.Min(samples, (block + 1) * BlockSize);
            for (var s = block * BlockSize; s < end; s++)
            {
                estimates[s] = recompute
                    ? ResampleRatio(terms, random, n)
                    : ResampleMean(roundValues, random, n);
            }

            resampled?.Invoke(end - (block * BlockSize));
        });

        var mean = SampleStatistics.Mean(estimates);
        Array.Sort(estimates);
        var interval = new ConfidenceInterval(
            SampleStatistics.PercentileOfSorted(estimates, 100 * alpha / 2),
            SampleStatistics.PercentileOfSorted(estimates, 100 * (1 - (alpha / 2))));
        return (interval, mean);
    }

    private static double ResampleMean(double[] values, Random random, int n)
    {
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += values[random.Next(n)];
        }

        return sum / n;
    }

    private static double ResampleRatio(EstimatorTerms terms, Random random, int n)
    {
        var additive = terms.Additive;
        var numerator = terms.Numerator!;
        var denominator = terms.Denominator!;
        double additiveSum = 0, numeratorSum = 0, denominatorSum = 0;
        for (var i = 0; i < n; i++)
        {
            var row = random.Next(n);
            additiveSum += additive[row];
            numeratorSum += numerator[row];
            denominatorSum += denominator[row];
        }

        return (additiveSum / n) + EstimatorTerms.Ratio(numeratorSum, denominatorSum);
    }

    /// <summary>SplitMix64 finaliser over (seed, block), folded to the 32 bits <see cref="Random"/> takes.</summary>
    private static int BlockSeed(int seed, int block)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)block) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
