using System.Globalization;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>
/// Naming of the bench's decisions and rewards: reward <c>r</c> belongs to decision <c>r / 5</c>, slot <c>r % 5</c>,
/// item <c>item-(r % 1000)</c>, so the sink can tell which reward it applied from the event and item ids alone.
/// </summary>
internal static class BenchRewards
{
    public const int ItemsPerDecision = 5;
    public const int CatalogSize = 1000;
    private const string EventPrefix = "bench-";
    private const string ItemPrefix = "item-";

    public static string EventId(int decision) => EventPrefix + decision.ToString(CultureInfo.InvariantCulture);

    public static string ItemId(int reward) => ItemPrefix + (reward % CatalogSize).ToString(CultureInfo.InvariantCulture);

    /// <summary>The reward index of (event, item), or -1 for ids the bench did not make.</summary>
    public static int IndexOf(string eventId, string itemId)
    {
        if (!eventId.StartsWith(EventPrefix, StringComparison.Ordinal) || !itemId.StartsWith(ItemPrefix, StringComparison.Ordinal)
            || !int.TryParse(eventId.AsSpan(EventPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var decision)
            || !int.TryParse(itemId.AsSpan(ItemPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var item))
        {
            return -1;
        }

        // CatalogSize is a multiple of ItemsPerDecision, so the item number keeps the slot.
        return (decision * ItemsPerDecision) + (item % ItemsPerDecision);
    }
}
