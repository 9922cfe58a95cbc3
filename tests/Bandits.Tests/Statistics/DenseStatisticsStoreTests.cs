using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits.Tests.Statistics;

/// <summary>Scoring through the block store: runs of consecutive rows and arbitrary lists give each item its own row's scores.</summary>
public sealed class DenseStatisticsStoreTests
{
    [Theory]
    [InlineData(8, 1000)]
    [InlineData(32, 1000)]
    [InlineData(64, 333)]
    [InlineData(32, 40_000)] // 313 blocks: across slabs, the last ones of the largest size
    public void Consecutive_runs_and_shuffled_lists_score_every_item_as_it_scores_alone(int dimension, int items)
    {
        var random = new Random(dimension * 7 + items);
        var store = new DenseStatisticsStore(dimension, 1.0);
        int[] coordinates = [.. Enumerable.Range(0, dimension)];
        for (int i = 0; i < items; i++)
        {
            store.AddRow(i);

            // Every row different: one update with a reward that names the item.
            float[] x = [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble())];
            store.Apply(i, coordinates, x, i + 1, 1.0);
        }

        float[] context = [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble())];
        ScoringContext scoring = ScoringContext.Create(FeatureVector.Dense(context, dimension), allowDense: true);
        try
        {
            var aloneMeans = new float[items];
            var aloneVariances = new float[items];
            for (int i = 0; i < items; i++)
            {
                store.Score([i], scoring, CpuSimdScoringBackend.Instance, aloneMeans.AsSpan(i, 1), aloneVariances.AsSpan(i, 1));
            }

            // Rows tell apart (a few float32 collisions among 40,000 means are possible, not more).
            Assert.True(aloneMeans.Distinct().Count() >= items * 0.999, $"{aloneMeans.Distinct().Count()} distinct means of {items}");

            // Consecutive from an offset inside a block, with a gap, and shuffled: each lists items in another order.
            int[][] lists =
            [
                [.. Enumerable.Range(0, items)],
                [.. Enumerable.Range(5, items - 5)],
                [.. Enumerable.Range(0, items).Where(i => i != items / 2)],
                [.. Enumerable.Range(0, items).OrderBy(_ => random.Next())],
                [.. Enumerable.Range(0, items).Reverse()],
            ];
            foreach (int[] list in lists)
            {
                var means = new float[list.Length];
                var variances = new float[list.Length];
                store.Score(list, scoring, CpuSimdScoringBackend.Instance, means, variances);
                for (int k = 0; k < list.Length; k++)
                {
                    Assert.Equal(aloneMeans[list[k]], means[k]);
                    Assert.Equal(aloneVariances[list[k]], variances[k]);
                }
            }
        }
        finally
        {
            scoring.Release();
        }
    }

    [Fact]
    public void Consecutive_items_are_scored_per_block_without_a_row_list_and_other_lists_through_it()
    {
        const int Dimension = 32; // 128 rows per block
        var store = new DenseStatisticsStore(Dimension, 1.0);
        for (int i = 0; i < 300; i++)
        {
            store.AddRow(i);

            // Trained rows: untrained ones are not read at all (the next test).
            store.Apply(i, [0], [1f], 1, 1.0);
        }

        var backend = new RecordingBackend();
        float[] x = [.. Enumerable.Range(0, Dimension).Select(c => (float)c)];
        ScoringContext scoring = ScoringContext.Create(FeatureVector.Dense(x, Dimension), allowDense: true);
        try
        {
            var means = new float[300];
            var variances = new float[300];

            store.Score([.. Enumerable.Range(10, 290)], scoring, backend, means, variances);
            Assert.Equal(["consecutive 10+118", "consecutive 0+128", "consecutive 0+44"], backend.Calls);

            backend.Calls.Clear();
            store.Score([3, 5, 6, 7], scoring, backend, means, variances);
            Assert.Equal(["list 4"], backend.Calls);
        }
        finally
        {
            scoring.Release();
        }
    }

    [Fact]
    public void Runs_of_untrained_rows_are_not_read_and_score_the_bits_their_rows_give()
    {
        const int Dimension = 32; // 128 rows per block
        const int Items = 300;
        var store = new DenseStatisticsStore(Dimension, 1.0);
        int[] coordinates = [.. Enumerable.Range(0, Dimension)];
        var random = new Random(5);
        for (int i = 0; i < Items; i++)
        {
            store.AddRow(i);
        }

        // Block 0: trained 0–2, 20–22, 30 and 32 (the seven untrained rows 23–29 and the lone 31 are read with their
        // neighbours); block 1: row 140 (12 in the block); block 2: the last item. Item 7 is updated with zeros only:
        // still at the prior.
        int[] trained = [0, 1, 2, 20, 21, 22, 30, 32, 140, 299];
        foreach (int i in trained)
        {
            store.Apply(i, coordinates, [.. coordinates.Select(_ => (float)random.NextDouble())], i + 1, 1.0);
        }

        store.Apply(7, [3], [0f], 1, 1.0);

        float[] x = [.. Enumerable.Range(0, Dimension).Select(_ => (float)(random.NextDouble() - 0.5))];
        ScoringContext scoring = ScoringContext.Create(FeatureVector.Dense(x, Dimension), allowDense: true);
        try
        {
            var backend = new RecordingBackend();
            int[] all = [.. Enumerable.Range(0, Items)];
            var means = new float[Items];
            var variances = new float[Items];
            store.Score(all, scoring, backend, means, variances);
            Assert.Equal(
                ["consecutive 0+3", "prior", "consecutive 20+13", "consecutive 12+1", "consecutive 43+1"],
                backend.Calls);
            AssertScoresAsPublishedRows(store, all, scoring, means, variances);
            Assert.NotEqual(means[3], means[0]);

            // Training a row inside a skipped run is seen by the next ranking; and a new ridge moves the prior's rows.
            store.Apply(60, coordinates, [.. coordinates.Select(_ => 1f)], 3, 1.0);
            store.Score(all, scoring, CpuSimdScoringBackend.Instance, means, variances);
            AssertScoresAsPublishedRows(store, all, scoring, means, variances);
            Assert.NotEqual(means[59], means[60]);

            float before = variances[100];
            store.ChangeRidge(4.0);
            store.Score(all, scoring, CpuSimdScoringBackend.Instance, means, variances);
            AssertScoresAsPublishedRows(store, all, scoring, means, variances);
            Assert.Equal(before / 4, variances[100], 1e-6f);
        }
        finally
        {
            scoring.Release();
        }
    }

    [Fact]
    public void A_row_is_at_the_prior_by_what_it_publishes_not_by_its_sums()
    {
        const int Dimension = 32;
        var store = new DenseStatisticsStore(Dimension, 1.0);
        for (int i = 0; i < 16; i++)
        {
            store.AddRow(i);
        }

        // Imported sums too small to move any published float (1 + 1e-300 is 1); row 9 publishes θ = −0, not the prior's bits, so it is read with the rows after it.
        store.LoadRow(5, [0, 1], [1e-300, 1e-300], [0, 0]);
        store.LoadRow(9, [0], [0], [-0.0]);

        var backend = new RecordingBackend();
        float[] x = [.. Enumerable.Range(0, Dimension).Select(c => (float)c)];
        ScoringContext scoring = ScoringContext.Create(FeatureVector.Dense(x, Dimension), allowDense: true);
        try
        {
            var means = new float[16];
            var variances = new float[16];
            store.Score([.. Enumerable.Range(0, 16)], scoring, backend, means, variances);
            Assert.Equal(["prior", "consecutive 9+7"], backend.Calls);
            AssertScoresAsPublishedRows(store, [.. Enumerable.Range(0, 16)], scoring, means, variances);
        }
        finally
        {
            scoring.Release();
        }
    }

    [Theory]
    [InlineData(new ulong[] { 0, 0 }, 0, 128, 0, 128)]
    [InlineData(new ulong[] { ulong.MaxValue, ulong.MaxValue }, 0, 128, 128, 128)]
    [InlineData(new ulong[] { 0b1_0000_0000_0111, 0 }, 0, 128, 3, 12)] // 3–11 untrained, 12 trained
    [InlineData(new ulong[] { 0b100_0010_0111, 0 }, 0, 128, 11, 128)] // 3–4 and 6–9 too short: the next run starts at 11 and crosses the word
    [InlineData(new ulong[] { 0, 1 }, 56, 65, 56, 64)] // up to the word boundary, stopped by a trained row
    [InlineData(new ulong[] { ulong.MaxValue >> 2, 0 }, 61, 70, 62, 70)] // from inside a word; ends at `end`
    [InlineData(new ulong[] { 0, 0 }, 121, 128, 128, 128)] // seven rows left: too short to skip
    public void The_next_run_of_untrained_rows_is_found_across_words(ulong[] bits, int from, int end, int expectedStart, int expectedEnd)
    {
        int start = DenseStatisticsStore.NextPriorRun(bits, from, end, out int runEnd);
        Assert.Equal((expectedStart, expectedEnd), (start, runEnd));
    }

    /// <summary>Each item's scores are the kernel's on its published row, bit for bit.</summary>
    private static void AssertScoresAsPublishedRows(DenseStatisticsStore store, int[] items, in ScoringContext scoring, float[] means, float[] variances)
    {
        int rowLength = 2 * store.Dimension;
        var table = new float[items.Length * rowLength];
        for (int k = 0; k < items.Length; k++)
        {
            store.CopyPublishedRow(items[k], table.AsSpan(k * rowLength, rowLength));
        }

        var expectedMeans = new float[items.Length];
        var expectedVariances = new float[items.Length];
        CpuSimdScoringBackend.Instance.ScoreDense(table, store.Dimension, [.. Enumerable.Range(0, items.Length)], scoring.Dense, scoring.DenseSquared, expectedMeans, expectedVariances);
        for (int k = 0; k < items.Length; k++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expectedMeans[k]) == BitConverter.SingleToInt32Bits(means[k])
                && BitConverter.SingleToInt32Bits(expectedVariances[k]) == BitConverter.SingleToInt32Bits(variances[k]),
                $"item {items[k]}: ({means[k]}, {variances[k]}) against its row's ({expectedMeans[k]}, {expectedVariances[k]})");
        }
    }

    [Fact]
    public void Block_tables_lie_side_by_side_in_slabs_that_double_up_to_the_cap()
    {
        const int BlockLength = 128 * 2 * 32;
        var slabs = new DenseTableSlabs(BlockLength);
        int maxBlocks = DenseTableSlabs.MaxSlabBytes / sizeof(float) / BlockLength;
        var blocksPerSlab = new List<int>();
        float[]? current = null;
        int expectedStart = 0;
        for (int block = 0; block < 700; block++)
        {
            float[] slab = slabs.Take(out int start);
            if (!ReferenceEquals(slab, current))
            {
                current = slab;
                expectedStart = 0;
                blocksPerSlab.Add(slab.Length / BlockLength);
            }

            Assert.Equal(expectedStart, start);
            Assert.True(start + BlockLength <= slab.Length);
            expectedStart += BlockLength;
        }

        Assert.Equal(256, maxBlocks);
        Assert.Equal([1, 1, 2, 4, 8, 16, 32, 64, 128, 256, 256], blocksPerSlab);
    }

    /// <summary>The CPU backend, noting which entry point each call took.</summary>
    private sealed class RecordingBackend : IScoringBackend
    {
        public List<string> Calls { get; } = [];

        public string Name => "recording";

        public void ScoreDense(ReadOnlySpan<float> table, int dimension, ReadOnlySpan<int> rows, ReadOnlySpan<float> context, ReadOnlySpan<float> contextSquared, Span<float> means, Span<float> variances)
        {
            Calls.Add($"list {rows.Length}");
            CpuSimdScoringBackend.Instance.ScoreDense(table, dimension, rows, context, contextSquared, means, variances);
        }

        public void ScoreDenseConsecutive(ReadOnlySpan<float> table, int dimension, int firstRow, int count, ReadOnlySpan<float> context, ReadOnlySpan<float> contextSquared, Span<float> means, Span<float> variances)
        {
            // A table of one row is the store's prior row, not a block.
            Calls.Add(table.Length == 2 * dimension ? "prior" : $"consecutive {firstRow}+{count}");
            CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(table, dimension, firstRow, count, context, contextSquared, means, variances);
        }

        public void ScoreSparse(ReadOnlySpan<float> table, int dimension, ReadOnlySpan<int> rows, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> valuesSquared, Span<float> means, Span<float> variances)
        {
            Calls.Add($"sparse {rows.Length}");
            CpuSimdScoringBackend.Instance.ScoreSparse(table, dimension, rows, indices, values, valuesSquared, means, variances);
        }
    }
}
