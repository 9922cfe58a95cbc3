using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Tests.Scoring;

/// <summary>
/// The four-rows-per-pass dense kernel (issue 2): against a float64 scalar reference, against the
/// one-row kernel bit for bit (the batched rank relies on it), across group tails, dimensions that
/// are not a multiple of any vector width, gathered row orders and extreme values.
/// </summary>
/// <remarks>
/// Tolerance: float32 fused multiply-adds summed in a different order than the float64 reference,
/// so the error is bounded by about d·2⁻²⁴ of Σ|term|; 1e-5 of Σ|term| holds up to d = 160 with margin
/// (the sums are trees of depth log d over the vector lanes, then at most three scalar terms).
/// </remarks>
public sealed class FourRowKernelTests
{
    private const double RelativeTolerance = 1e-5;

    /// <summary>Dimensions around every vector width (4, 8, 16 floats) and the list (1, 3, 17, 33, 64, 100).</summary>
    public static TheoryData<int> Dimensions => [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 20, 24, 28, 31, 32, 33, 40, 47, 48, 63, 64, 65, 100, 128, 160];

    public static TheoryData<int, int> RowCountsAndDimensions()
    {
        var data = new TheoryData<int, int>();
        foreach (int dimension in new[] { 1, 3, 17, 32, 33, 64, 100 })
        {
            for (int rows = 1; rows <= 15; rows++)
            {
                data.Add(rows, dimension);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RowCountsAndDimensions))]
    public void Every_row_count_agrees_with_the_scalar_reference_including_tails_of_one_to_seven_rows(int rowCount, int dimension)
    {
        var random = new Random((rowCount * 1000) + dimension);
        (float[] table, float[] context, float[] squares) = Problem(random, dimension, tableRows: rowCount + 3, scale: 0);
        int[] rows = [.. Enumerable.Range(0, rowCount).Select(k => (k * 5) % (rowCount + 3))];

        (float[] means, float[] variances) = Score(table, dimension, rows, context, squares);

        AssertAgreesWithReference(table, dimension, rows, context, means, variances);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Rows_scored_in_groups_of_four_give_the_same_bits_as_each_row_scored_alone(int dimension)
    {
        var random = new Random(9100 + dimension);
        (float[] table, float[] context, float[] squares) = Problem(random, dimension, tableRows: 23, scale: 0);
        int[] rows = [.. Enumerable.Range(0, 23).Select(_ => random.Next(23))];

        (float[] means, float[] variances) = Score(table, dimension, rows, context, squares);

        for (int k = 0; k < rows.Length; k++)
        {
            (float[] mean, float[] variance) = Score(table, dimension, [rows[k]], context, squares);
            Assert.Equal(BitConverter.SingleToInt32Bits(mean[0]), BitConverter.SingleToInt32Bits(means[k]));
            Assert.Equal(BitConverter.SingleToInt32Bits(variance[0]), BitConverter.SingleToInt32Bits(variances[k]));
        }
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Values_spanning_forty_orders_of_magnitude_agree_with_the_scalar_reference(int dimension)
    {
        var random = new Random(5150 + dimension);
        (float[] table, float[] context, float[] squares) = Problem(random, dimension, tableRows: 13, scale: 20);
        int[] rows = [.. Enumerable.Range(0, 13).Reverse()];

        (float[] means, float[] variances) = Score(table, dimension, rows, context, squares);

        AssertAgreesWithReference(table, dimension, rows, context, means, variances);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(100)]
    public void A_nan_or_infinity_in_one_row_stays_in_that_row(int dimension)
    {
        var random = new Random(31 + dimension);
        (float[] table, float[] context, float[] squares) = Problem(random, dimension, tableRows: 8, scale: 0);
        int stride = 2 * dimension;

        // One poisoned coordinate per row 1, 2 and 6, placed in the 512/256/128-bit parts and the scalar tail.
        table[(1 * stride) + 0] = float.NaN;
        table[(2 * stride) + dimension + (dimension - 1)] = float.PositiveInfinity;
        table[(6 * stride) + (dimension / 2)] = float.NegativeInfinity;
        int[] rows = [0, 1, 2, 3, 4, 5, 6, 7];

        (float[] means, float[] variances) = Score(table, dimension, rows, context, squares);

        Assert.True(float.IsNaN(means[1]));
        Assert.Equal(float.PositiveInfinity, variances[2]);
        Assert.True(float.IsInfinity(means[6]));
        int[] clean = [0, 3, 4, 5, 7];
        AssertAgreesWithReference(table, dimension, clean, context, [.. clean.Select(k => means[k])], [.. clean.Select(k => variances[k])]);
        Assert.True(float.IsFinite(variances[1]) && float.IsFinite(means[2]) && float.IsFinite(variances[6]));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 8 })]
    [InlineData(new[] { 0, 1, 2, -1 })]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, int.MinValue })]
    public void A_row_index_outside_the_table_throws_in_a_group_and_in_the_tail(int[] rows)
    {
        var table = new float[8 * 2 * 32];

        Assert.Throws<ArgumentOutOfRangeException>(() => CpuSimdScoringBackend.Instance.ScoreDense(table, 32, rows, new float[32], new float[32], new float[rows.Length], new float[rows.Length]));
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Consecutive_rows_scored_without_a_row_list_give_the_same_bits_as_through_the_list(int dimension)
    {
        var random = new Random(7300 + dimension);
        const int TableRows = 64;
        (float[] table, float[] context, float[] squares) = Problem(random, dimension, TableRows, scale: 0);

        // Every start from 0 to 9 and every count from 0 to 15 (groups of four and tails of one to three), and the
        // whole table.
        var ranges = new List<(int First, int Count)> { (0, TableRows) };
        for (int first = 0; first < 10; first++)
        {
            for (int count = 0; count < 16; count++)
            {
                ranges.Add((first, count));
            }
        }

        foreach ((int first, int count) in ranges)
        {
            (float[] expectedMeans, float[] expectedVariances) = Score(table, dimension, [.. Enumerable.Range(first, count)], context, squares);
            var means = new float[count];
            var variances = new float[count];

            CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(table, dimension, first, count, context, squares, means, variances);

            for (int k = 0; k < count; k++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedMeans[k]), BitConverter.SingleToInt32Bits(means[k]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expectedVariances[k]), BitConverter.SingleToInt32Bits(variances[k]));
            }
        }
    }

    [Fact]
    public void Consecutive_rows_score_only_their_own_range()
    {
        const int Dimension = 32;
        (float[] table, float[] context, float[] squares) = Problem(new Random(12), Dimension, tableRows: 16, scale: 0);
        float[] means = [.. Enumerable.Repeat(-1f, 12)];
        float[] variances = [.. Enumerable.Repeat(-1f, 12)];

        CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(table, Dimension, 3, 9, context, squares, means, variances);

        AssertAgreesWithReference(table, Dimension, [.. Enumerable.Range(3, 9)], context, means, variances);
        Assert.Equal([-1f, -1f, -1f], means[9..]);
        Assert.Equal([-1f, -1f, -1f], variances[9..]);
    }

    [Theory]
    [InlineData(0, 9)]
    [InlineData(5, 4)]
    [InlineData(8, 1)]
    [InlineData(-1, 4)]
    [InlineData(0, -1)]
    [InlineData(int.MaxValue, 4)]
    public void A_consecutive_range_outside_the_table_throws(int first, int count)
    {
        var table = new float[8 * 2 * 32];
        int outputs = Math.Max(0, count);

        Assert.ThrowsAny<ArgumentException>(() => CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(table, 32, first, count, new float[32], new float[32], new float[outputs], new float[outputs]));
    }

    [Fact]
    public void Four_row_lane_sums_pair_lanes_like_the_one_row_sums()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 200; trial++)
        {
            Vector512<float>[] wide = [.. Enumerable.Range(0, 8).Select(_ => Vector512.Create(RandomFloats(random, 16)))];
            Vector256<float>[] middle = [.. wide.Select(v => v.GetLower())];
            Vector128<float>[] narrow = [.. wide.Select(v => v.GetLower().GetLower())];

            if (Avx512F.IsSupported)
            {
                AssertSameBits([.. wide.Select(v => HalvingLaneSums.Sum(v))], HalvingLaneSums.Sum4(wide[0], wide[1], wide[2], wide[3], wide[4], wide[5], wide[6], wide[7]));
            }

            if (Avx2.IsSupported)
            {
                AssertSameBits([.. middle.Select(v => HalvingLaneSums.Sum(v))], HalvingLaneSums.Sum4(middle[0], middle[1], middle[2], middle[3], middle[4], middle[5], middle[6], middle[7]));
            }

            if (Sse3.IsSupported && Avx.IsSupported)
            {
                AssertSameBits([.. narrow.Select(v => HalvingLaneSums.Sum(v))], HalvingLaneSums.Sum4(narrow[0], narrow[1], narrow[2], narrow[3], narrow[4], narrow[5], narrow[6], narrow[7]));
            }
        }
    }

    private static (float[] Means, float[] Variances) Score(float[] table, int dimension, int[] rows, float[] context, float[] squares)
    {
        var means = new float[rows.Length];
        var variances = new float[rows.Length];
        CpuSimdScoringBackend.Instance.ScoreDense(table, dimension, rows, context, squares, means, variances);
        return (means, variances);
    }

    /// <summary>
    /// A table of signed θ and positive inverse diagonals. With <paramref name="scale"/> 0 the values are of order 1;
    /// otherwise θ spans 10^±scale, x 10^±5 and the inverse diagonal 10^-scale..10^5, every product a normal float.
    /// </summary>
    private static (float[] Table, float[] Context, float[] Squares) Problem(Random random, int dimension, int tableRows, double scale)
    {
        double Magnitude(double low, double high) => scale == 0 ? 1 : Math.Pow(10, low + ((high - low) * random.NextDouble()));
        double Sign() => random.Next(2) == 0 ? -1 : 1;

        var table = new float[tableRows * 2 * dimension];
        for (int r = 0; r < tableRows; r++)
        {
            for (int c = 0; c < dimension; c++)
            {
                table[(r * 2 * dimension) + c] = (float)(Sign() * random.NextDouble() * Magnitude(-scale, scale));
                table[(r * 2 * dimension) + dimension + c] = (float)(Magnitude(-scale, 5) / (1 + (10 * random.NextDouble())));
            }
        }

        float[] context = [.. Enumerable.Range(0, dimension).Select(_ => (float)(Sign() * (0.1 + random.NextDouble()) * Magnitude(-5, 5)))];
        return (table, context, [.. context.Select(x => x * x)]);
    }

    private static void AssertAgreesWithReference(float[] table, int dimension, int[] rows, float[] context, float[] means, float[] variances)
    {
        for (int k = 0; k < rows.Length; k++)
        {
            double mean = 0;
            double meanMagnitude = 0;
            double variance = 0;
            for (int c = 0; c < dimension; c++)
            {
                double term = (double)context[c] * table[(rows[k] * 2 * dimension) + c];
                mean += term;
                meanMagnitude += Math.Abs(term);
                variance += (double)context[c] * context[c] * table[(rows[k] * 2 * dimension) + dimension + c];
            }

            Assert.True(Math.Abs(mean - means[k]) <= RelativeTolerance * meanMagnitude, $"row {rows[k]} (position {k}): mean {means[k]}, expected {mean}");
            Assert.True(Math.Abs(variance - variances[k]) <= RelativeTolerance * variance, $"row {rows[k]} (position {k}): variance {variances[k]}, expected {variance}");
        }
    }

    private static float[] RandomFloats(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7))))];

    private static void AssertSameBits(float[] expected, Vector256<float> actual)
    {
        for (int lane = 0; lane < 8; lane++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[lane]), BitConverter.SingleToInt32Bits(actual[lane]));
        }
    }
}
