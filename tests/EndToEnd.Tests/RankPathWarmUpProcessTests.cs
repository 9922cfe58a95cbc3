using System.Net;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;
using BanditServe.EndToEnd.Tests.Reliability;

namespace BanditServe.EndToEnd.Tests;

/// <summary>The shipped server warms its rank path before it reports ready, and the warm-up leaves nothing behind.</summary>
public sealed class RankPathWarmUpProcessTests
{
    private const string AdminKey = "warm-up-admin-key";

    [Fact]
    public async Task The_shipped_server_is_ready_only_after_the_warm_up_and_it_leaves_no_trace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            // The shipped default, not the harness's 0.
            ["Server__WarmUpSeconds"] = null,
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Kafka__BootstrapServers"] = "",
            ["Storage__SqlitePath"] = Path.Combine(Directory.CreateTempSubdirectory("banditserve-warm-up-").FullName, "banditserve.db"),
        });
        using var admin = server.CreateClient(AdminKey);

        // StartAsync returned on the first 200 from /health/ready: by then the warm-up had run.
        using var ready = JsonDocument.Parse(await admin.GetStringAsync("/health/ready", ct));
        var warmUp = ready.RootElement.GetProperty("checks").GetProperty("rank-warm-up");
        Assert.Equal("Healthy", warmUp.GetProperty("status").GetString());
        Assert.Matches(@"^\d+\.\d s, [1-9]\d* ranks$", warmUp.GetProperty("description").GetString());
        Assert.Contains("Rank path warmed up in", server.Output, StringComparison.Ordinal);

        // Nothing of it is a surface, a served slot or a stored decision.
        using var surfaces = JsonDocument.Parse(await admin.GetStringAsync("/v1/surfaces", ct));
        Assert.Equal(0, surfaces.RootElement.GetProperty("surfaces").GetArrayLength());
        var metrics = await admin.GetStringAsync("/metrics", ct);
        Assert.DoesNotContain("warm-up", metrics, StringComparison.Ordinal);

        // And the server serves as usual.
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/surfaces/after-warm-up", AcceptedRewards.Json("""{"dimension": 2}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/surfaces/after-warm-up/items/a", AcceptedRewards.Json("""{"active": true}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/surfaces/after-warm-up/rank", AcceptedRewards.Json("""{"features": [1, 0]}"""), ct)).StatusCode);
    }
}
