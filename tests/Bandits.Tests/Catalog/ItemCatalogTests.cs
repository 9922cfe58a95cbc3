namespace BanditServe.Bandits.Tests.Catalog;

/// <summary>The active-item listing a whole-catalog rank starts from, against a plain filter.</summary>
public sealed class ItemCatalogTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(5000)]
    public void Active_indices_equal_a_plain_filter_under_gaps_and_exclusions(int items)
    {
        // Runs of active items long enough for the eight-at-a-time copy, broken by inactive items and
        // exclusions at every offset, across catalog blocks; with and without a destination shorter than the catalog.
        var random = new Random(items);
        for (int round = 0; round < 20; round++)
        {
            var catalog = new ItemCatalog();
            for (int i = 0; i < items; i++)
            {
                catalog.Add($"item-{i}", active: true);
            }

            int gaps = round % 4 == 0 ? 0 : random.Next(1 + (items / 20));
            for (int g = 0; g < gaps; g++)
            {
                catalog.SetActive(random.Next(items), false);
            }

            int[] excluded = round % 3 == 0 ? [] : [.. Enumerable.Range(0, random.Next(1 + (items / 50))).Select(_ => random.Next(items)).Distinct().Order()];
            int length = round % 5 == 4 ? random.Next(items + 1) : items;

            var destination = new int[length];
            int written = catalog.CopyActiveIndices(destination, excluded);

            int[] expected = [.. Enumerable.Range(0, length).Where(i => catalog.IsActiveAt(i) && Array.BinarySearch(excluded, i) < 0)];
            Assert.Equal(expected, destination.AsSpan(0, written).ToArray());
        }
    }
}
