using System.Globalization;

namespace BanditServe.LoadTests.Targets;

/// <summary>Item ids the baseline endpoint answers with, cached so the floor does not pay for formatting.</summary>
public static class BaselineItemIds
{
    private static readonly string[] s_ids = [.. Enumerable.Range(0, 100).Select(slot => "item-" + slot.ToString(CultureInfo.InvariantCulture))];

    public static string Get(int slot) => s_ids[slot];
}
