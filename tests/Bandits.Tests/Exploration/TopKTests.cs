using BanditServe.Bandits.Exploration;

namespace BanditServe.Bandits.Tests.Exploration;

/// <summary>The top-K selection against a full sort by the ranking order (score descending, NaN last, then id ordinal).</summary>
public sealed class TopKTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(10, 10)]
    [InlineData(1000, 10)]
    [InlineData(3000, 100)]
    public void Selection_equals_the_first_k_of_a_full_sort_under_ties_and_nan(int candidates, int k)
    {
        var random = new Random(candidates * 31 + k);
        for (int round = 0; round < 30; round++)
        {
            var catalog = new ItemCatalog();
            // Ids share long prefixes and some differ only past the 16 units the order key holds.
            var ids = Enumerable.Range(0, candidates)
                .Select(i => random.Next(3) switch
                {
                    0 => $"item-{random.Next(candidates * 4):D6}-{i}",
                    1 => $"item-0000000000000000{random.Next(candidates * 4)}-{i}",
                    _ => $"{(char)('a' + random.Next(26))}{i}",
                })
                .ToArray();
            foreach (string id in ids)
            {
                catalog.Add(id, true);
            }

            // Few distinct scores, so most comparisons are ties; some NaN and infinities.
            float[] scores = [.. Enumerable.Range(0, candidates).Select(_ => random.Next(10) switch
            {
                0 => float.NaN,
                1 => float.PositiveInfinity,
                2 => float.NegativeInfinity,
                _ => random.Next(round % 3 == 0 ? 1 : 4) * 0.5f,
            })];
            // Odd rounds list the items in catalog order, as a whole-catalog rank does: tied runs of consecutive items
            // are then decided by comparing their id keys sixteen at a time.
            int[] items = round % 2 == 0
                ? [.. Enumerable.Range(0, candidates).OrderBy(_ => random.Next())]
                : [.. Enumerable.Range(0, candidates)];

            var heap = new int[k];
            int kept = TopK.SelectRange(new CandidateOrder(scores, items, catalog), 0, candidates, heap);

            int[] expected = [.. Enumerable.Range(0, candidates)
                .OrderByDescending(p => float.IsNaN(scores[p]) ? float.NegativeInfinity : scores[p])
                .ThenBy(p => ids[items[p]], StringComparer.Ordinal)
                .Take(k)];
            Assert.Equal(expected, heap.AsSpan(0, kept).ToArray());
        }
    }

    [Theory]
    [InlineData(17, 3)]
    [InlineData(1000, 10)]
    [InlineData(10_000, 10)]
    [InlineData(4096, 1)]
    public void Selection_of_a_sub_range_with_distinct_scores_equals_a_full_sort(int candidates, int k)
    {
        // Mostly distinct scores, so whole vectors fall below the bar and are skipped, over ranges that start and
        // end off any vector boundary; NaN and −∞ sprinkled in, and rounds where the bar itself ends at −∞.
        var random = new Random(candidates + k);
        for (int round = 0; round < 20; round++)
        {
            var catalog = new ItemCatalog();
            for (int i = 0; i < candidates; i++)
            {
                catalog.Add($"id-{random.Next()}-{i}", true);
            }

            bool mostlyNegativeInfinity = round % 5 == 4;
            float[] scores = [.. Enumerable.Range(0, candidates).Select(_ => random.Next(50) switch
            {
                0 => float.NaN,
                1 => float.NegativeInfinity,
                _ => mostlyNegativeInfinity ? float.NegativeInfinity : (float)(random.NextDouble() * 100),
            })];
            int[] items = [.. Enumerable.Range(0, candidates)];
            int start = random.Next(Math.Min(candidates, 40));
            int end = candidates - random.Next(Math.Min(candidates - start, 40));

            var heap = new int[k];
            int kept = TopK.SelectRange(new CandidateOrder(scores, items, catalog), start, end, heap);

            int[] expected = [.. Enumerable.Range(start, end - start)
                .OrderByDescending(p => float.IsNaN(scores[p]) ? float.NegativeInfinity : scores[p])
                .ThenBy(p => catalog.IdAt(items[p]), StringComparer.Ordinal)
                .Take(k)];
            Assert.Equal(expected, heap.AsSpan(0, kept).ToArray());
        }
    }
}
