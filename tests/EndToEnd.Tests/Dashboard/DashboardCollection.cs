namespace BanditServe.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard tests share one server and one browser (starting them is most of the cost).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardServer>
{
    public const string Name = "Dashboard";
}
