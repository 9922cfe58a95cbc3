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
            Calls.Add($"consecutive {firstRow}+{count}");
            CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(table, dimension, firstRow, count, context, contextSquared, means, variances);
        }

        public void ScoreSparse(ReadOnlySpan<float> table, int dimension, ReadOnlySpan<int> rows, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> valuesSquared, Span<float> means, Span<float> variances)
        {
            Calls.Add($"sparse {rows.Length}");
            CpuSimdScoringBackend.Instance.ScoreSparse(table, dimension, rows, indices, values, valuesSquared, means, variances);
        }
    }
}
