using System.Net;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class SurfacesApiTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    [Fact]
    public async Task Put_surface_creates_it_and_get_returns_the_configuration()
    {
        var client = factory.CreateAdminClient();
        var put = await client.PutJsonAsync("/v1/surfaces/home-carousel",
            """{"dimension": 4, "policy": "diag-linucb", "alpha": 0.5, "epsilon": 0.1, "ridge": 2, "forgetting": 1, "rewardWindowSeconds": 60, "defaultReward": null}""");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var surface = await HttpAssertions.ReadJsonAsync(await client.GetAsync("/v1/surfaces/home-carousel", TestContext.Current.CancellationToken));
        Assert.Equal(4, surface.GetProperty("dimension").GetInt32());
        Assert.Equal(0.5, surface.GetProperty("alpha").GetDouble());
        Assert.Equal(0.1, surface.GetProperty("epsilon").GetDouble());
        Assert.Equal(2.0, surface.GetProperty("ridge").GetDouble());
        Assert.Equal(60, surface.GetProperty("rewardWindowSeconds").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, surface.GetProperty("defaultReward").ValueKind);
        Assert.Equal(0, surface.GetProperty("itemCount").GetInt32());

        var list = await HttpAssertions.ReadJsonAsync(await client.GetAsync("/v1/surfaces", TestContext.Current.CancellationToken));
        Assert.Contains(list.GetProperty("surfaces").EnumerateArray(), s => s.GetProperty("surface").GetString() == "home-carousel");
    }

    [Theory]
    [InlineData("""{"policy": "diag-linucb"}""", "dimension")]
    [InlineData("""{"dimension": 0}""", "dimension")]
    [InlineData("""{"dimension": 16777217}""", "dimension")]
    [InlineData("""{"dimension": 4, "epsilon": 1}""", "epsilon")]
    [InlineData("""{"dimension": 4, "alpha": -1}""", "alpha")]
    [InlineData("""{"dimension": 4, "ridge": 0}""", "ridge")]
    [InlineData("""{"dimension": 4, "forgetting": 1.5}""", "forgetting")]
    [InlineData("""{"dimension": 4, "policy": "thompson"}""", "policy")]
    [InlineData("""{"dimension": "four"}""", "$.dimension")]
    [InlineData("""{"dimension": 4,""", "$")]
    [InlineData("""{"policy": "recovering-periodic", "epsilon": 0.1, "recovery": {"periodSeconds": 60}}""", "epsilon")]
    [InlineData("""{"policy": "recovering-periodic"}""", "recovery")]
    [InlineData("""{"policy": "recovering-periodic", "recovery": {"slotsPerPeriod": 0}}""", "recovery.slotsPerPeriod")]
    public async Task Put_surface_with_invalid_body_returns_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        var client = factory.CreateAdminClient();
        var response = await client.PutJsonAsync("/v1/surfaces/invalid-one", body);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);

        var get = await client.GetAsync("/v1/surfaces/invalid-one", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Put_surface_with_invalid_id_returns_400()
    {
        var client = factory.CreateAdminClient();
        var response = await client.PutJsonAsync("/v1/surfaces/bad%20id", """{"dimension": 2}""");
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "surface");
    }

    [Fact]
    public async Task Changing_the_dimension_of_a_surface_with_items_returns_409()
    {
        var client = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PutJsonAsync("/v1/surfaces/dim-fixed", """{"dimension": 3}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/v1/surfaces/dim-fixed/items/a", """{"active": true}""")).StatusCode);

        var response = await client.PutJsonAsync("/v1/surfaces/dim-fixed", """{"dimension": 5}""");
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "dimension");

        var surface = await HttpAssertions.ReadJsonAsync(await client.GetAsync("/v1/surfaces/dim-fixed", TestContext.Current.CancellationToken));
        Assert.Equal(3, surface.GetProperty("dimension").GetInt32());

        // Settings that keep the model's shape may change, the ridge prior included.
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync("/v1/surfaces/dim-fixed", """{"dimension": 3, "alpha": 0.25, "ridge": 2}""")).StatusCode);
        var item = await HttpAssertions.ReadJsonAsync(await client.GetAsync("/v1/surfaces/dim-fixed/items/a", TestContext.Current.CancellationToken));
        Assert.Equal(2.0, item.GetProperty("precision")[0].GetDouble());
    }

    [Fact]
    public async Task Delete_surface_removes_it()
    {
        var client = factory.CreateAdminClient();
        await client.PutJsonAsync("/v1/surfaces/to-delete", """{"dimension": 2}""");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/v1/surfaces/to-delete", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/surfaces/to-delete", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/v1/surfaces/to-delete", TestContext.Current.CancellationToken)).StatusCode);
    }
}
