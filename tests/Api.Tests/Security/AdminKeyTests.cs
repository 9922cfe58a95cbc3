using System.Net;
using BanditServe.Api.Tests.Fuzzing;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests.Security;

/// <summary>Every admin endpoint refuses a missing key, a wrong key, a near miss and a client key, with 401 problem details, and changes nothing.</summary>
public sealed class AdminKeyTests(ClientKeyFactory factory) : IClassFixture<ClientKeyFactory>
{
    public static readonly TheoryData<string, string> AdminEndpoints = new()
    {
        { "GET", "/v1/surfaces" },
        { "GET", "/v1/surfaces/guarded" },
        { "PUT", "/v1/surfaces/guarded" },
        { "DELETE", "/v1/surfaces/guarded" },
        { "PUT", "/v1/surfaces/guarded/items/a" },
        { "GET", "/v1/surfaces/guarded/items/a" },
        { "DELETE", "/v1/surfaces/guarded/items/a" },
        { "POST", "/v1/surfaces/guarded/items:batch" },
        { "POST", "/v1/surfaces/guarded/snapshots" },
        { "GET", "/v1/surfaces/guarded/model" },
        { "PUT", "/v1/surfaces/guarded/model" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoint_refuses_missing_wrong_near_miss_and_client_keys(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        await admin.PutJsonAsync("/v1/surfaces/guarded", """{"dimension": 2}""");
        await admin.PutJsonAsync("/v1/surfaces/guarded/items/a", """{"active": true}""");
        var before = await admin.GetStringAsync("/v1/surfaces/guarded/model", ct);
        string?[] keys = [null, "", "wrong", BanditServerFactory.AdminKey + " ", BanditServerFactory.AdminKey[..^1], BanditServerFactory.AdminKey.ToUpperInvariant(), ClientKeyFactory.ClientKey];

        foreach (var key in keys)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (key is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", key);
            }

            if (method is "PUT" or "POST")
            {
                request.Content = new StringContent(path.EndsWith(":batch", StringComparison.Ordinal) ? """{"items": [{"itemId": "z"}]}""" : """{"dimension": 2, "active": false}""", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await factory.CreateClient().SendAsync(request, ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with key '{key}' answered {(int)response.StatusCode}");
            Assert.Null(await ResponseContract.ViolationAsync(response, ct));
        }

        Assert.Equal(before, await admin.GetStringAsync("/v1/surfaces/guarded/model", ct));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/surfaces/guarded/items/a", ct)).StatusCode);
    }
}
