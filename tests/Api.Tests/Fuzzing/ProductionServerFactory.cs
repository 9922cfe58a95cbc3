using BanditServe.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>
/// The in-memory host in the Production environment, as deployed: WebApplicationFactory defaults to
/// Development, where Minimal APIs throw on bad parameter binding (for the developer page) instead
/// of answering 400.
/// </summary>
public sealed class ProductionServerFactory : BanditServerFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}
