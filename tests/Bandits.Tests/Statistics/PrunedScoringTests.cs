using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;
using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits.Tests.Statistics;

/// <summary>
/// The pruned whole-catalog scan (<see cref="DenseStatisticsStore.ScorePruned"/>, <see cref="UcbPruning"/>): every row it
/// leaves unread could not have been among the best k, every row it reads has the full scan's bits, and a ranking
/// places the same items with the same scores with pruning on or off.
/// </summary>
public sealed class PrunedScoringTests
{
    public static TheoryData<int, double, int, float> Catalogs()
    {
        var data = new TheoryData<int, double, int, float>();
        foreach (int dimension in new[] { 7, 32, 64 })
        {
            foreach (double share in new[] { 0.0, 0.2, 1.0 })
            {
                data.Add(dimension, share, 10, 1f);
            }
        }

        data.Add(32, 1.0, 1, 1f);
        data.Add(32, 1.0, 50, 1f);
        data.Add(32, 0.5, 10, 0f);
        data.Add(32, 0.5, 10, 4f);
        data.Add(33, 1.0, 10, 0.25f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Catalogs))]
    public void Rows_left_unread_score_below_the_best_k_and_rows_read_have_the_full_scans_bits(int dimension, double share, int keep, float alpha)
    {
        const int Items = 3000;
        var random = new Random((dimension * 1000) + (int)(share * 100) + keep + (int)(alpha * 10));
        DenseStatisticsStore store = TrainedStore(dimension, Items, share, random);
        int[] items = [.. Enumerable.Range(0, Items)];
        int prunedTotal = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            ScoringContext context = ScoringContext.Create(FeatureVector.Dense(SegmentContext(dimension, random), dimension), allowDense: true);
            try
            {
                (float[] means, float[] variances) = Full(store, items, context);
                float[] scores = Scores(means, variances, alpha);
                (float[] prunedMeans, float[] prunedVariances) = Pruned(store, items, context, alpha, keep);

                int[] best = TopK(scores, keep);
                float kth = scores[best[^1]];
                for (int i = 0; i < Items; i++)
                {
                    if (prunedMeans[i] == UcbPruning.Pruned)
                    {
                        prunedTotal++;
                        Assert.True(scores[i] < kth, $"row {i} was pruned with score {scores[i]} against the k-th best {kth}");
                        Assert.Equal(0f, prunedVariances[i]);
                    }
                    else
                    {
                        Assert.Equal(BitConverter.SingleToInt32Bits(means[i]), BitConverter.SingleToInt32Bits(prunedMeans[i]));
                        Assert.Equal(BitConverter.SingleToInt32Bits(variances[i]), BitConverter.SingleToInt32Bits(prunedVariances[i]));
                    }
                }

                Assert.Equal(best, TopK(Scores(prunedMeans, prunedVariances, alpha), keep));
            }
            finally
            {
                context.Release();
            }
        }

        // A trained catalog with an exploration bonus leaves most rows far below the best ten: if nothing was pruned, the
        // pruning is off and the test above proves nothing.
        if (share == 1.0 && keep == 10 && alpha == 1f)
        {
            if (DenseStatisticsStore.PrunesOnThisMachine)
            {
                Assert.True(prunedTotal > 20 * Items / 2, $"only {prunedTotal} of {20 * Items} rows were pruned");
            }
            else
            {
                // Without AVX-512 or AVX2 estimating costs more than reading: every row is read.
                Assert.Equal(0, prunedTotal);
            }
        }
    }

    [Fact]
    public void No_row_is_pruned_at_a_threshold_equal_to_its_own_score_at_any_magnitude()
    {
        var random = new Random(77);
        foreach (int dimension in new[] { 1, 2, 5, 16, 31, 32, 64, 255, 256 })
        {
            var store = new DenseStatisticsStore(dimension, 1.0) { PruningMinimumCoordinates = 0 };
            int rows = 64;
            for (int i = 0; i < rows; i++)
            {
                store.AddRow(i);

                // Sums whose θ = B / (1 + S2) have every low mantissa bit set, large and tiny magnitudes and both signs.
                int[] indices = [.. Enumerable.Range(0, dimension)];
                double[] sumSquares = [.. indices.Select(_ => Math.Pow(10, random.Next(-3, 6)) * random.NextDouble())];
                double[] sumRewards = [.. indices.Select(c => (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, random.Next(-44, 8)) * BitConverter.Int32BitsToSingle(0x3FFFFFFF | (random.Next(2) << 23)) * (1 + sumSquares[c]))];
                store.LoadRow(i, indices, sumSquares, sumRewards);
            }

            int[] items = [.. Enumerable.Range(0, rows)];
            for (int trial = 0; trial < 10; trial++)
            {
                float[] x = [.. Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-2, 3))))];
                ScoringContext context = ScoringContext.Create(FeatureVector.Dense(x, dimension), allowDense: true);
                try
                {
                    foreach (float alpha in new[] { 0f, 1f, 3f })
                    {
                        (float[] means, float[] variances) = Full(store, items, context);
                        float[] scores = Scores(means, variances, alpha);
                        var pruning = new UcbPruning(new double[1], alpha, context.Dense, context.DenseSquared);
                        for (int row = 0; row < rows; row++)
                        {
                            // Threshold = the row's own computed score: its bound must reach it.
                            uint[] unreachable = new uint[rows / 16];
                            uint[] lanes = [.. Enumerable.Range(0, rows / 16).Select(g => g == row / 16 ? 1u << (row % 16) : 0u)];
                            DenseStatisticsStore.UnreachableLanes(store.BlockOf(row), store.BlockRowOf(row) & ~15, lanes[..1], x, scores[row], pruning, unreachable);
                            Assert.Equal(0u, unreachable[0] & (1u << (row % 16)));
                            DenseStatisticsStore.UnreachableLanesScalar(store.BlockOf(row), store.BlockRowOf(row) & ~15, lanes[..1], x, scores[row], pruning, unreachable);
                            Assert.Equal(0u, unreachable[0] & (1u << (row % 16)));
                        }
                    }
                }
                finally
                {
                    context.Release();
                }
            }
        }
    }

    [Fact]
    public void No_row_is_pruned_at_a_threshold_equal_to_its_own_score_where_every_coordinate_rounds_by_half_a_step_against_it()
    {
        // θ = (q + ½)·2^e with the largest at 127·2^e: the step is 2^e and every other coordinate lies exactly half a step
        // from its estimate; x takes the sign that makes all of those errors lower the estimate (the worst case of the bound).
        var random = new Random(91);
        foreach (int dimension in new[] { 2, 5, 16, 31, 32, 64, 255, 256 })
        {
            var store = new DenseStatisticsStore(dimension, 1.0) { PruningMinimumCoordinates = 0 };
            const int Rows = 32;
            var thetas = new double[Rows][];
            int[] indices = [.. Enumerable.Range(0, dimension)];
            for (int i = 0; i < Rows; i++)
            {
                store.AddRow(i);
                double unit = Math.Pow(2, random.Next(-120, 100));
                thetas[i] = [.. indices.Select(c => c == 0 ? (random.Next(2) == 0 ? -127 : 127) * unit : (random.Next(-127, 127) + 0.5) * unit)];

                // With no squares, θ = rewards / ridge (1): exactly these values.
                store.LoadRow(i, indices, new double[dimension], thetas[i]);
            }

            int[] items = [.. Enumerable.Range(0, Rows)];
            for (int row = 0; row < Rows; row++)
            {
                double unit = Math.Abs(thetas[row][0]) / 127;
                float[] x = [.. indices.Select(c => (float)((thetas[row][c] - (unit * Math.Round(thetas[row][c] / unit))) >= 0 ? 1 : -1) * (float)(0.5 + random.NextDouble()))];
                ScoringContext context = ScoringContext.Create(FeatureVector.Dense(x, dimension), allowDense: true);
                try
                {
                    foreach (float alpha in new[] { 0f, 1f })
                    {
                        (float[] means, float[] variances) = Full(store, items, context);
                        float[] scores = Scores(means, variances, alpha);
                        var pruning = new UcbPruning(new double[1], alpha, context.Dense, context.DenseSquared);
                        uint[] unreachable = new uint[1];
                        uint[] lanes = [1u << (row % 16)];
                        DenseStatisticsStore.UnreachableLanes(store.BlockOf(row), store.BlockRowOf(row) & ~15, lanes, x, scores[row], pruning, unreachable);
                        Assert.Equal(0u, unreachable[0] & lanes[0]);
                        DenseStatisticsStore.UnreachableLanesScalar(store.BlockOf(row), store.BlockRowOf(row) & ~15, lanes, x, scores[row], pruning, unreachable);
                        Assert.Equal(0u, unreachable[0] & lanes[0]);

                        // The bound is not slack by more than the rounding it covers: a bar a little more than twice the error
                        // above the score prunes (where the error, not the floor for the smallest magnitudes, dominates).
                        float error = (float)(pruning.ErrorScale * (double)store.BlockOf(row).ThetaScales[store.BlockRowOf(row)]);
                        if (alpha == 0 && unit >= Math.Pow(2, -60) && float.IsNormal(scores[row]) && float.IsNormal(error))
                        {
                            DenseStatisticsStore.UnreachableLanes(store.BlockOf(row), store.BlockRowOf(row) & ~15, lanes, x, scores[row] + (2.5f * error) + (4 * Math.Abs(scores[row]) / 65536), pruning, unreachable);
                            Assert.Equal(lanes[0], unreachable[0] & lanes[0]);
                        }
                    }
                }
                finally
                {
                    context.Release();
                }
            }
        }
    }

    [Fact]
    public void The_scalar_estimate_marks_the_same_lanes_as_the_vector_one()
    {
        var random = new Random(5);
        DenseStatisticsStore store = TrainedStore(32, 256, 0.7, random);
        for (int trial = 0; trial < 50; trial++)
        {
            float[] x = SegmentContext(32, random);
            ScoringContext context = ScoringContext.Create(FeatureVector.Dense(x, 32), allowDense: true);
            try
            {
                var pruning = new UcbPruning(new double[1], 1f, context.Dense, context.DenseSquared);
                uint[] lanes = [.. Enumerable.Repeat(0xFFFFu, 8)];
                var vector = new uint[8];
                var scalar = new uint[8];
                float threshold = (float)(0.2 + random.NextDouble());
                DenseStatisticsStore.UnreachableLanes(store.BlockOf(0), 0, lanes, x, threshold, pruning, vector);
                DenseStatisticsStore.UnreachableLanesScalar(store.BlockOf(0), 0, lanes, x, threshold, pruning, scalar);
                Assert.Equal(scalar, vector);
            }
            finally
            {
                context.Release();
            }
        }
    }

    [Fact]
    public void Without_avx512_only_a_table_past_the_minimum_size_is_pruned()
    {
        var random = new Random(21);
        DenseStatisticsStore store = TrainedStore(32, 1000, 1.0, random, machineMinimum: true);
        int[] items = [.. Enumerable.Range(0, 1000)];
        ScoringContext context = ScoringContext.Create(FeatureVector.Dense(SegmentContext(32, random), 32), allowDense: true);
        try
        {
            (float[] smallTable, _) = Pruned(store, items, context, 1f, 10);

            // The same thousand trained rows ranked again once the table holds 2²¹ coordinates (65,536 rows at d = 32).
            for (int i = 1000; i < 65_536; i++)
            {
                store.AddRow(i);
            }

            (float[] largeTable, _) = Pruned(store, items, context, 1f, 10);

            Assert.Equal(Avx512F.IsSupported, smallTable.Contains(UcbPruning.Pruned));
            Assert.Equal(DenseStatisticsStore.PrunesOnThisMachine, largeTable.Contains(UcbPruning.Pruned));
        }
        finally
        {
            context.Release();
        }
    }

    [Fact]
    public void Estimates_follow_every_write_path_updates_imports_and_a_ridge_change()
    {
        var random = new Random(11);
        DenseStatisticsStore store = TrainedStore(32, 1000, 1.0, random);
        int[] items = [.. Enumerable.Range(0, 1000)];

        // After the catalog's statistics changed in every way, the pruned scan still agrees with the full one.
        store.ChangeRidge(0.25);
        for (int i = 0; i < 1000; i += 7)
        {
            store.Apply(i, [3, 9], [1f, -0.5f], 5, 1.0);
            store.Apply(i + 1, [0], [2f], -3, 0.5);
        }

        for (int trial = 0; trial < 20; trial++)
        {
            ScoringContext context = ScoringContext.Create(FeatureVector.Dense(SegmentContext(32, random), 32), allowDense: true);
            try
            {
                (float[] means, float[] variances) = Full(store, items, context);
                (float[] prunedMeans, float[] prunedVariances) = Pruned(store, items, context, 1f, 10);
                Assert.Equal(TopK(Scores(means, variances, 1f), 10), TopK(Scores(prunedMeans, prunedVariances, 1f), 10));
                Assert.Equal(DenseStatisticsStore.PrunesOnThisMachine, prunedMeans.Contains(UcbPruning.Pruned));
            }
            finally
            {
                context.Release();
            }
        }
    }

    [Theory]
    [InlineData(0.2, 4000)]
    [InlineData(1.0, 4000)]
    [InlineData(1.0, 12_000)] // large enough that a lone ranking is scored in parallel chunks, each with its own list
    public void A_ranking_places_the_same_items_with_the_same_scores_with_pruning_on_or_off(double share, int items)
    {
        var random = new Random(3);
        var model = new SurfaceModel(32, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0.3));
        model.PruneEveryTableSize();
        for (int i = 0; i < items; i++)
        {
            model.UpsertItem($"item-{i:D5}");
        }

        for (int i = 0; i < items; i++)
        {
            if (random.NextDouble() < share)
            {
                int examples = 5 + random.Next(60);
                for (int e = 0; e < examples; e++)
                {
                    model.Apply($"item-{i:D5}", FeatureVector.Dense(SegmentContext(32, random), 32), random.NextDouble() < 0.1 ? 1 : 0);
                }
            }
        }

        for (ulong seed = 0; seed < 40; seed++)
        {
            FeatureVector context = FeatureVector.Dense(SegmentContext(32, random), 32);
            model.PrunesScoring = false;
            RankedItem[] full = [.. model.Rank(context, null, null, 10, seed).Items];
            model.PrunesScoring = true;
            RankedItem[] pruned = [.. model.Rank(context, null, null, 10, seed).Items];

            // Exploration picks rows the scan may have pruned: they are scored alone, to the same bits.
            Assert.Equal(full, pruned);
        }
    }

    [Fact]
    public void A_listed_rows_score_has_the_bits_of_the_vector_passes_over_the_whole_range()
    {
        var random = new Random(5);
        float[] special = [0f, -0f, -1e-7f, 1e-45f, -1e-45f, 1e-38f, 3.4e38f, 1f, 0.5f, 2f];
        const int Count = 4096;
        float[] means = new float[Count];
        float[] variances = new float[Count];
        for (int i = 0; i < Count; i++)
        {
            means[i] = i < special.Length ? special[(i + 3) % special.Length] : (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)));
            variances[i] = i < special.Length ? special[i] : (float)((random.NextDouble() - 0.1) * Math.Pow(10, random.Next(-12, 6)));
        }

        foreach (float alpha in new[] { 0f, 0.25f, 1f, 1.7f, 4f })
        {
            float[] scores = new float[Count];
            TensorPrimitives.Max(variances, 0f, scores);
            TensorPrimitives.Sqrt(scores, scores);
            TensorPrimitives.MultiplyAdd(scores, alpha, means, scores);
            for (int i = 0; i < Count; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(scores[i]), BitConverter.SingleToInt32Bits(SurfaceModel.UcbScore(means[i], variances[i], alpha)));
            }
        }
    }

    [Theory]
    [InlineData(37, 0)]
    [InlineData(1000, 250)]
    [InlineData(4099, 17)]
    public void Rows_the_scan_did_not_prune_are_listed_in_order(int length, int offset)
    {
        var random = new Random(length);
        float[] means = new float[length];
        var expected = new List<int>();
        for (int k = 0; k < length; k++)
        {
            bool kept = random.NextDouble() < 0.1 || k == length - 1;
            means[k] = kept ? (float)random.NextDouble() - 0.5f : UcbPruning.Pruned;
            if (kept)
            {
                expected.Add(offset + k);
            }
        }

        int[] listed = new int[length];
        int count = SurfaceModel.ListUnpruned(means, offset, listed);
        Assert.Equal(expected, listed[..count]);

    }

    /// <summary>A store of <paramref name="items"/> rows, a share of them trained; it prunes whatever its size unless <paramref name="machineMinimum"/>.</summary>
    private static DenseStatisticsStore TrainedStore(int dimension, int items, double share, Random random, bool machineMinimum = false)
    {
        var store = new DenseStatisticsStore(dimension, 1.0);
        if (!machineMinimum)
        {
            store.PruningMinimumCoordinates = 0;
        }

        int[] coordinates = [.. Enumerable.Range(0, dimension)];
        for (int i = 0; i < items; i++)
        {
            store.AddRow(i);
            if (random.NextDouble() >= share)
            {
                continue;
            }

            int examples = 3 + random.Next(40);
            double rate = 0.3 * random.NextDouble();
            for (int e = 0; e < examples; e++)
            {
                store.Apply(i, coordinates, SegmentContext(dimension, random), random.NextDouble() < rate ? 1 : 0, 1.0);
            }
        }

        return store;
    }

    /// <summary>A user segment's coordinate at 1 and noise of ±0.1 elsewhere (the load test's contexts).</summary>
    private static float[] SegmentContext(int dimension, Random random)
    {
        int segment = random.Next(dimension);
        return [.. Enumerable.Range(0, dimension).Select(c => c == segment ? 1f : (float)((random.NextDouble() - 0.5) * 0.2))];
    }

    private static (float[] Means, float[] Variances) Full(DenseStatisticsStore store, int[] items, in ScoringContext context)
    {
        var means = new float[items.Length];
        var variances = new float[items.Length];
        store.Score(items, context, CpuSimdScoringBackend.Instance, means, variances);
        return (means, variances);
    }

    private static (float[] Means, float[] Variances) Pruned(DenseStatisticsStore store, int[] items, in ScoringContext context, float alpha, int keep)
    {
        var means = new float[items.Length];
        var variances = new float[items.Length];
        var pruning = new UcbPruning(new double[keep], alpha, context.Dense, context.DenseSquared);
        store.ScorePruned(items, context, CpuSimdScoringBackend.Instance, means, variances, ref pruning);

        // Ranking lists the unpruned rows only where the scan's count shows it pruned most of them: the count must be exact.
        Assert.Equal(means.Count(mean => mean == UcbPruning.Pruned), pruning.PrunedRows);
        return (means, variances);
    }

    /// <summary>Scores as SurfaceModel computes them: mean + α·√max(0, variance), in float32.</summary>
    private static float[] Scores(float[] means, float[] variances, float alpha)
    {
        var scores = new float[means.Length];
        System.Numerics.Tensors.TensorPrimitives.Max(variances, 0f, scores);
        System.Numerics.Tensors.TensorPrimitives.Sqrt(scores, scores);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(scores, alpha, means, scores);
        return scores;
    }

    /// <summary>The best k positions by score descending, then position ascending (the catalog's id order here).</summary>
    private static int[] TopK(float[] scores, int keep) =>
        [.. Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(keep)];
}
