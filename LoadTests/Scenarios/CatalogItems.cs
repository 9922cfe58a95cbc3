using System.Globalization;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>The ids of the items a scenario loads: <c>item-000000</c> … (fixed width so they sort).</summary>
public static class CatalogItems
{
    public static string Id(int index) => "item-" + index.ToString("D6", CultureInfo.InvariantCulture);
}
