using System.Net;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class ModelImportTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    [Fact]
    public async Task Importing_an_exported_model_restores_statistics_and_keeps_items_added_since()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/imported", """{"dimension": 2}""");
        await admin.PutJsonAsync("/v1/surfaces/imported/items/a", """{"active": true}""");
        var exported = await (await admin.GetAsync("/v1/surfaces/imported/model", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // An item added after the export must survive the import (the catalog decides which items exist).
        await admin.PutJsonAsync("/v1/surfaces/imported/items/b", """{"active": true}""");
        var put = await admin.PutJsonAsync("/v1/surfaces/imported/model", exported);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/surfaces/imported/items/a", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/surfaces/imported/items/b", TestContext.Current.CancellationToken)).StatusCode);
        var surface = await HttpAssertions.ReadJsonAsync(await admin.GetAsync("/v1/surfaces/imported", TestContext.Current.CancellationToken));
        Assert.Equal(2, surface.GetProperty("itemCount").GetInt32());

        // A model for another policy is refused and changes nothing.
        var wrong = exported.Replace("\"diag-linucb\"", "\"recovering-periodic\"", StringComparison.Ordinal);
        await HttpAssertions.AssertProblemAsync(await admin.PutJsonAsync("/v1/surfaces/imported/model", wrong), HttpStatusCode.BadRequest, "policy");
    }
}
