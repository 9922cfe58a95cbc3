using System.Net;
using BanditServe.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>
/// No configured key, no presented key and no database password ever appears in the server's
/// own output (stdout and stderr of the real process) or in /metrics, whatever the requests do.
/// </summary>
public sealed class SecretsInOutputTests
{
    private const string AdminKey = "admin-secret-5d1c0a7e93b2";
    private const string ClientKey = "client-secret-8f64e2b71c09";
    private const string WrongKey = "guessed-secret-3a9b7c1d2e4f";
    private const string DatabasePassword = "pg-secret-0b7e5c3a91d4";

    [Fact]
    public async Task Keys_and_passwords_never_appear_in_logs_or_metrics()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync("secrets")) { Password = DatabasePassword };
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Auth__ClientKeys__0"] = ClientKey,
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Postgres"] = database.ConnectionString,
            ["Kafka__BootstrapServers"] = "",
            ["Logging__LogLevel__Default"] = "Debug",
        });
        using var admin = server.CreateClient(AdminKey);
        using var client = server.CreateClient(ClientKey);
        using var wrong = server.CreateClient(WrongKey);

        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/surfaces/secrets", AcceptedRewards.Json("""{"dimension": 2}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/surfaces/secrets/items/a", AcceptedRewards.Json("""{"active": true}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/surfaces/secrets/rank", AcceptedRewards.Json("""{"features": [1, 0]}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("/v1/surfaces/secrets/rank", AcceptedRewards.Json("""{"features": [1, 0]}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/surfaces", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/surfaces", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/surfaces/secrets/rank", AcceptedRewards.Json("""{"features": [1, "x"]}"""), ct)).StatusCode);
        var metrics = await admin.GetStringAsync("/metrics", ct);
        await server.StopAsync();

        var output = server.Output;
        Assert.Contains("Application started", output, StringComparison.Ordinal);
        foreach (var secret in new[] { AdminKey, ClientKey, WrongKey, DatabasePassword })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }
    }
}
