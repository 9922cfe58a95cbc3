using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Tests.Scoring;

/// <summary>The SIMD kernels against a plain float64 scalar reference, for every length 1..256.</summary>
public sealed class ScoringBackendTests
{
    public static TheoryData<int> Lengths => [.. Enumerable.Range(1, 256)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dense_simd_scores_agree_with_the_scalar_reference(int dimension)
    {
        var random = new Random(674386 + dimension);
        (float[] table, float[] context, float[] squares) = RandomProblem(random, dimension, rows: 3);
        int[] rows = [2, 0, 1, 2];
        var means = new float[rows.Length];
        var variances = new float[rows.Length];

        CpuSimdScoringBackend.Instance.ScoreDense(table, dimension, rows, context, squares, means, variances);

        for (int k = 0; k < rows.Length; k++)
        {
            (double mean, double meanMagnitude, double variance) = Reference(table, dimension, rows[k], context, Enumerable.Range(0, dimension).ToArray());
            AssertClose(mean, meanMagnitude, means[k]);
            AssertClose(variance, variance, variances[k]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sparse_context_scores_agree_with_the_scalar_reference(int dimension)
    {
        var random = new Random(1234 + dimension);
        (float[] table, float[] context, _) = RandomProblem(random, dimension, rows: 2);
        int[] indices = [.. Enumerable.Range(0, dimension).Where(_ => random.NextDouble() < 0.3)];
        float[] values = [.. indices.Select(c => context[c])];
        float[] squares = [.. values.Select(v => v * v)];
        int[] rows = [1, 0];
        var means = new float[2];
        var variances = new float[2];

        CpuSimdScoringBackend.Instance.ScoreSparse(table, dimension, rows, indices, values, squares, means, variances);

        for (int k = 0; k < rows.Length; k++)
        {
            (double mean, double meanMagnitude, double variance) = Reference(table, dimension, rows[k], context, indices);
            AssertClose(mean, meanMagnitude, means[k]);
            AssertClose(variance, variance, variances[k]);
        }
    }

    [Fact]
    public void Backend_refuses_a_context_of_the_wrong_length()
    {
        var table = new float[8];
        Assert.Throws<ArgumentException>(() => CpuSimdScoringBackend.Instance.ScoreDense(table, 4, [0], new float[3], new float[3], new float[1], new float[1]));
    }

    private static (float[] Table, float[] Context, float[] Squares) RandomProblem(Random random, int dimension, int rows)
    {
        var table = new float[rows * 2 * dimension];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < dimension; c++)
            {
                table[(r * 2 * dimension) + c] = (float)((random.NextDouble() * 2) - 1);
                table[(r * 2 * dimension) + dimension + c] = (float)(1 / (1 + (10 * random.NextDouble())));
            }
        }

        float[] context = [.. Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        return (table, context, [.. context.Select(x => x * x)]);
    }

    private static (double Mean, double MeanMagnitude, double Variance) Reference(float[] table, int dimension, int row, float[] context, int[] coordinates)
    {
        double mean = 0;
        double magnitude = 0;
        double variance = 0;
        foreach (int c in coordinates)
        {
            double term = (double)context[c] * table[(row * 2 * dimension) + c];
            mean += term;
            magnitude += Math.Abs(term);
            variance += (double)context[c] * context[c] * table[(row * 2 * dimension) + dimension + c];
        }

        return (mean, magnitude, variance);
    }

    /// <summary>float32 accumulation in a different order: relative error bounded by about n·2^-24 of the magnitude.</summary>
    private static void AssertClose(double expected, double magnitude, float actual)
    {
        double tolerance = (1e-5 * magnitude) + 1e-6;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual} (tolerance {tolerance})");
    }
}
