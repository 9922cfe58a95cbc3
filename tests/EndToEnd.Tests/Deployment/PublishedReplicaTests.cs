using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>The published app, started with the compose replica's environment, does the whole job.</summary>
public sealed class PublishedReplicaTests(PublishedReplicaFixture replica) : IClassFixture<PublishedReplicaFixture>
{
    [Fact]
    public async Task Replica_learns_from_a_reward_and_logs_the_decision_to_PostgreSQL()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        TestContext.Current.SendDiagnosticMessage($"dotnet publish --no-build took {replica.PublishTime.TotalSeconds:F1} s");
        using var admin = replica.Server.CreateClient(replica.AdminKey);
        using var client = replica.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/surfaces/home", Json("""{"dimension": 3, "epsilon": 0.05, "alpha": 1}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/surfaces/home/items:batch", Json("""{"items": [{"itemId": "a"}, {"itemId": "b"}, {"itemId": "c"}]}"""), ct)).StatusCode);

        // Act
        var rank = await client.PostAsync("/v1/surfaces/home/rank", Json("""{"features": [1, 0, 0.5], "slots": 2}"""), ct);
        var decision = JsonDocument.Parse(await rank.Content.ReadAsStringAsync(ct)).RootElement;
        var eventId = decision.GetProperty("eventId").GetString()!;
        var shown = decision.GetProperty("items")[0].GetProperty("itemId").GetString();
        var reward = await client.PostAsync("/v1/rewards", Json($$"""{"eventId": "{{eventId}}", "itemId": "{{shown}}", "reward": 1}"""), ct);

        // Assert: the admin key came from the compose file, the reward went through Kafka into the model.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutAsync("/v1/surfaces/other", Json("""{"dimension": 3}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, rank.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, reward.StatusCode);
        var item = await EventuallyAsync(async () =>
        {
            var body = JsonDocument.Parse(await admin.GetStringAsync($"/v1/surfaces/home/items/{shown}", ct)).RootElement;
            return (body.GetProperty("rewardsApplied").GetInt64() == 1, body);
        });
        Assert.Equal(2.0, item.GetProperty("precision")[0].GetDouble(), 9);
        Assert.Equal(0.5, item.GetProperty("theta")[0].GetDouble(), 9);

        // The store is the PostgreSQL database the connection string names, not the image's SQLite default.
        var logged = await EventuallyAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(replica.PostgresConnectionString);
            await connection.OpenAsync(ct);
            await using var query = new NpgsqlCommand("SELECT count(*) FROM decisions WHERE event_id = @id", connection);
            query.Parameters.AddWithValue("id", eventId);
            var count = (long)(await query.ExecuteScalarAsync(ct))!;
            return (count == 1, count);
        });
        Assert.Equal(1, logged);
        Assert.False(File.Exists(replica.Environment["Storage__SqlitePath"]));
    }

    [Fact]
    public async Task Both_compose_replicas_learn_the_same_model_through_Kafka()
    {
        // Arrange: the catalogue is created through the first replica only, as through a load balancer.
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(2, replica.Servers.Count);
        PublishedServer[] servers = [.. replica.Servers];
        string[] items = ["p", "q", "r"];
        using (var admin = servers[0].CreateClient(replica.AdminKey))
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/surfaces/converge", Json("""{"dimension": 3, "epsilon": 0.3, "rewardWindowSeconds": 3600, "defaultReward": null}"""), ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/surfaces/converge/items:batch", Json("""{"items": [{"itemId": "p"}, {"itemId": "q"}, {"itemId": "r"}]}"""), ct)).StatusCode);
        }

        // No wait for Server:CatalogRefreshSeconds: the second replica looks the surface up in the shared database when
        // it consumes the first decision for it (docs/operations.md). The first reward goes to it and waits for that.

        // Act: decisions on both replicas; every third reward goes to the replica that did not rank.
        var random = new Random(11);
        const int Rewards = 12;
        for (var i = 0; i < Rewards; i++)
        {
            using var ranker = servers[i % 2].CreateClient();
            var features = $"[{random.NextDouble():F3}, {random.NextDouble():F3}, 1]";
            var rank = await ranker.PostAsync("/v1/surfaces/converge/rank", Json($$"""{"features": {{features}}, "slots": 1}"""), ct);
            Assert.Equal(HttpStatusCode.OK, rank.StatusCode);
            var decision = JsonDocument.Parse(await rank.Content.ReadAsStringAsync(ct)).RootElement;
            var eventId = decision.GetProperty("eventId").GetString();
            var shown = decision.GetProperty("items")[0].GetProperty("itemId").GetString();
            using var rewarder = servers[i % 3 == 0 ? (i + 1) % 2 : i % 2].CreateClient();
            var status = await EventuallyAsync(async () =>
            {
                // 404 until the rewarding replica has consumed the decision from Kafka.
                var response = await rewarder.PostAsync("/v1/rewards", Json($$"""{"eventId": "{{eventId}}", "itemId": "{{shown}}", "reward": {{random.Next(2)}}}"""), ct);
                return (response.StatusCode != HttpStatusCode.NotFound, response.StatusCode);
            });
            Assert.Equal(HttpStatusCode.Accepted, status);
        }

        // Assert: each replica applied every reward, whichever replica ranked or received it, and the models are equal.
        var models = new List<ModelProbe.ItemStatistics[]>();
        foreach (var server in servers)
        {
            using var admin = server.CreateClient(replica.AdminKey);
            await EventuallyAsync(async () => (await ModelProbe.TotalRewardsAppliedAsync(admin, "converge") == Rewards, 0));
            models.Add(await Task.WhenAll(items.Select(id => ModelProbe.ReadItemAsync(admin, "converge", id))));
        }

        Assert.Equal(Rewards, models[0].Sum(item => item.RewardsApplied));
        for (var i = 0; i < items.Length; i++)
        {
            var (first, second) = (models[0][i], models[1][i]);
            Assert.Equal(first.RewardsApplied, second.RewardsApplied);
            for (var c = 0; c < first.Precision.Length; c++)
            {
                ModelProbe.AssertClose(first.Precision[c], second.Precision[c], $"{first.ItemId} precision[{c}]");
                ModelProbe.AssertClose(first.Theta[c], second.Theta[c], $"{first.ItemId} theta[{c}]");
            }
        }
    }

    [Fact]
    public async Task Dockerfile_healthcheck_passes_on_the_ready_replica_and_fails_on_a_closed_port()
    {
        // Arrange: the image's HEALTHCHECK command, with the image's port swapped for the test's.
        var healthcheck = DeploymentFiles.Dockerfile.FinalStage.Last("HEALTHCHECK")!;
        var command = DockerfileDocument.ParseExecForm(healthcheck[(healthcheck.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim());
        var imageTarget = $"/dev/tcp/127.0.0.1/{DeploymentFiles.ImageListenAddress.Port}";
        Assert.Contains(imageTarget, command[^1], StringComparison.Ordinal);

        // Act
        var ready = await RunAsync(command, command[^1].Replace(imageTarget, $"/dev/tcp/127.0.0.1/{replica.Port}", StringComparison.Ordinal));
        var closed = await RunAsync(command, command[^1].Replace(imageTarget, $"/dev/tcp/127.0.0.1/{Infrastructure.ServerProcess.FreePort()}", StringComparison.Ordinal));

        // Assert
        Assert.Equal(0, ready);
        Assert.NotEqual(0, closed);
    }

    [Fact]
    public async Task Every_metric_the_dashboard_and_the_alerts_read_is_exported()
    {
        // Arrange: traffic on its own surface, so every labelled series has a child.
        var ct = TestContext.Current.CancellationToken;
        using var admin = replica.Server.CreateClient(replica.AdminKey);
        using var client = replica.Server.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/surfaces/metrics", Json("""{"dimension": 2, "epsilon": 0.5}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/surfaces/metrics/items:batch", Json("""{"items": [{"itemId": "x"}, {"itemId": "y"}]}"""), ct)).StatusCode);
        for (var i = 0; i < 20; i++)
        {
            var decision = JsonDocument.Parse(await (await client.PostAsync("/v1/surfaces/metrics/rank", Json("""{"features": [1, 1], "slots": 1}"""), ct)).Content.ReadAsStringAsync(ct)).RootElement;
            var eventId = decision.GetProperty("eventId").GetString();
            var shown = decision.GetProperty("items")[0].GetProperty("itemId").GetString();
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v1/rewards", Json($$"""{"eventId": "{{eventId}}", "itemId": "{{shown}}", "reward": 1}"""), ct)).StatusCode);
        }

        // Act
        var exported = await EventuallyAsync(async () =>
        {
            var text = await client.GetStringAsync("/metrics", ct);
            return (text.Contains("bandit_rewards_applied_total{surface=\"metrics\"}", StringComparison.Ordinal), text);
        });
        var families = exported.Split('\n')
            .Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[2])
            .ToHashSet(StringComparer.Ordinal);

        // Assert
        var queried = MonitoringTests.MetricNames(MonitoringTests.DashboardExpressions().Concat(MonitoringTests.AlertExpressions()));
        Assert.Empty(queried.Except(families).Order(StringComparer.Ordinal));
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> command, string lastArgument)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true };
        foreach (var argument in command.Skip(1).SkipLast(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.ArgumentList.Add(lastArgument);
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<T> EventuallyAsync<T>(Func<Task<(bool Holds, T Value)>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (holds, value) = await probe();
            if (holds)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
