using System.Net;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests;

public sealed class AuthTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("test-admin-key-012345678")]
    public async Task Admin_endpoints_refuse_missing_or_wrong_keys(string? key)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var put = await client.PutJsonAsync("/v1/surfaces/guarded", """{"dimension": 2}""");
        await HttpAssertions.AssertProblemAsync(put, HttpStatusCode.Unauthorized, "X-Api-Key");
        var list = await client.GetAsync("/v1/surfaces", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);

        var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/surfaces/guarded", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Rank_is_open_when_no_client_keys_are_configured()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/open-rank", """{"dimension": 2}""");
        await admin.PutJsonAsync("/v1/surfaces/open-rank/items/a", """{"active": true}""");

        var anonymous = factory.CreateClient();
        var rank = await anonymous.PostJsonAsync("/v1/surfaces/open-rank/rank", """{"features": [1, 0]}""");
        Assert.Equal(HttpStatusCode.OK, rank.StatusCode);
    }
}

public sealed class ClientKeyFactory : BanditServerFactory
{
    public const string ClientKey = "client-key-abcdef";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [.. base.Settings, new("Auth:ClientKeys:0", ClientKey)];
}

public sealed class ClientKeyTests(ClientKeyFactory factory) : IClassFixture<ClientKeyFactory>
{
    [Fact]
    public async Task Rank_and_reward_need_a_client_or_admin_key_when_client_keys_are_configured()
    {
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/keyed", """{"dimension": 2}""");
        await admin.PutJsonAsync("/v1/surfaces/keyed/items/a", """{"active": true}""");

        var anonymous = factory.CreateClient();
        await HttpAssertions.AssertProblemAsync(await anonymous.PostJsonAsync("/v1/surfaces/keyed/rank", """{"features": [1, 0]}"""), HttpStatusCode.Unauthorized, "X-Api-Key");
        await HttpAssertions.AssertProblemAsync(await anonymous.PostJsonAsync("/v1/rewards", """{"eventId": "e", "itemId": "a", "reward": 1}"""), HttpStatusCode.Unauthorized, "X-Api-Key");

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ClientKeyFactory.ClientKey);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/v1/surfaces/keyed/rank", """{"features": [1, 0]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/v1/surfaces/keyed/rank", """{"features": [1, 0]}""")).StatusCode);

        // A client key is not an admin key.
        var notAdmin = await client.GetAsync("/v1/surfaces", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, notAdmin.StatusCode);
    }
}
