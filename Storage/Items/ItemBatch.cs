namespace BanditServe.Storage;

/// <summary>Checks a batch of items for one surface and keeps the last occurrence of each item id.</summary>
internal static class ItemBatch
{
    public static IReadOnlyList<ItemRecord> LastPerItemId(string surface, IReadOnlyList<ItemRecord> items)
    {
        ArgumentException.ThrowIfNullOrEmpty(surface);
        ArgumentNullException.ThrowIfNull(items);
        var indexById = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        var distinct = new List<ItemRecord>(items.Count);
        foreach (var item in items)
        {
            if (!string.Equals(item.Surface, surface, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Item '{item.ItemId}' names surface '{item.Surface}', not '{surface}'.", nameof(items));
            }

            // A repeated id in one statement would be an error on PostgreSQL (a row affected twice).
            if (indexById.TryGetValue(item.ItemId, out var index))
            {
                distinct[index] = item;
            }
            else
            {
                indexById.Add(item.ItemId, distinct.Count);
                distinct.Add(item);
            }
        }

        return distinct;
    }
}
