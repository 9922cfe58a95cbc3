using System.Net;
using System.Text.Json;
using BanditServe.Api.Learning;
using BanditServe.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BanditServe.Api.Tests.Dashboard;

/// <summary>Explanations survive a restart: a new server over the same SQLite file reads them back from the decision log.</summary>
public sealed class ExplanationRestartTests : IDisposable
{
    private static readonly float[] Context = [1f, 0.5f, -0.25f];
    private readonly string _directory = Directory.CreateTempSubdirectory("banditserve-explanation-restart-").FullName;

    [Fact]
    public async Task Explanation_after_a_restart_comes_from_the_decision_log_with_recomputed_terms_and_joined_rewards()
    {
        // Arrange: two decisions (a server-made UUIDv7 id and a client id) and a reward, then a clean stop.
        var sqlite = Path.Combine(_directory, "banditserve.db");
        var model = new ExplanationModel("explain-restart", 40, seed: 31);
        JsonElement generated;
        JsonElement chosen;
        await using (var before = new SharedStorageFactory(sqlite))
        {
            var admin = before.CreateAdminClient();
            await model.CreateAsync(admin);
            generated = await DecisionExplanationTests.RankAsync(admin, model.Surface, new { features = Context, slots = 3 });
            chosen = await DecisionExplanationTests.RankAsync(admin, model.Surface, new { features = Context, slots = 2, eventId = "client-event-1" });
            var rewarded = generated.GetProperty("items")[1].GetProperty("itemId").GetString();
            using var reward = await admin.PostJsonAsync("/v1/rewards",
                JsonSerializer.Serialize(new { eventId = generated.GetProperty("eventId").GetString(), itemId = rewarded, reward = 0.75 }));
            Assert.Equal(HttpStatusCode.Accepted, reward.StatusCode);
            await WaitForRewardAsync(admin, model.Surface, generated.GetProperty("eventId").GetString()!);
        }

        // Act: a new process over the same file; it holds no decision in memory.
        await using var after = new SharedStorageFactory(sqlite);
        var restarted = after.CreateAdminClient();
        await WaitForRestoreAsync(after);
        var fromLog = await DecisionExplanationTests.GetJsonAsync(restarted,
            $"/v1/surfaces/{model.Surface}/decisions/{generated.GetProperty("eventId").GetString()}/explanation?top=5");
        var clientId = await DecisionExplanationTests.GetJsonAsync(restarted, $"/v1/surfaces/{model.Surface}/decisions/client-event-1/explanation");
        using var unknown = await restarted.GetAsync($"/v1/surfaces/{model.Surface}/decisions/never-ranked/explanation", TestContext.Current.CancellationToken);

        // Assert: the logged decision, bit for bit, with the reward the learner joined.
        foreach (var (rank, explanation) in new[] { (generated, fromLog), (chosen, clientId) })
        {
            Assert.Equal("decisionLog", explanation.GetProperty("source").GetString());
            Assert.Equal(rank.GetProperty("eventId").GetString(), explanation.GetProperty("eventId").GetString());
            Assert.Equal(rank.GetProperty("modelVersion").GetInt64(), explanation.GetProperty("modelVersion").GetInt64());
            Assert.False(explanation.TryGetProperty("candidates", out _));
            Assert.NotEmpty(explanation.GetProperty("notes").EnumerateArray());
            var ranked = rank.GetProperty("items").EnumerateArray().ToArray();
            var logged = explanation.GetProperty("items").EnumerateArray().ToArray();
            Assert.Equal(ranked.Length, logged.Length);
            for (var i = 0; i < ranked.Length; i++)
            {
                Assert.Equal(ranked[i].GetProperty("itemId").GetString(), logged[i].GetProperty("itemId").GetString());
                Assert.Equal(ranked[i].GetProperty("slot").GetInt32(), logged[i].GetProperty("slot").GetInt32());
                Assert.Equal(ranked[i].GetProperty("score").GetDouble(), logged[i].GetProperty("score").GetDouble());
                Assert.Equal(ranked[i].GetProperty("propensity").GetDouble(), logged[i].GetProperty("propensity").GetDouble());
            }

            // The candidate table: the active catalog now, every placed item present, terms from the restarted model.
            var ranking = explanation.GetProperty("ranking");
            Assert.Equal("catalog", ranking.GetProperty("candidateSet").GetString());
            Assert.False(ranking.GetProperty("candidateSetKnown").GetBoolean());
            Assert.True(ranking.GetProperty("termsRecomputed").GetBoolean());
            Assert.Equal(model.ItemIds.Count, ranking.GetProperty("total").GetInt32());
            var rows = ranking.GetProperty("candidates").EnumerateArray().ToArray();
            foreach (var item in ranked)
            {
                var row = rows.Single(r => r.GetProperty("itemId").GetString() == item.GetProperty("itemId").GetString());
                Assert.Equal(item.GetProperty("slot").GetInt32(), row.GetProperty("slot").GetInt32());
                Assert.Equal(item.GetProperty("score").GetDouble(), row.GetProperty("decisionScore").GetDouble());
            }

            var scores = rows.Select(r => r.GetProperty("score").GetDouble()).ToArray();
            Assert.Equal(scores.OrderDescending(), scores);
            var surface = await DecisionExplanationTests.GetJsonAsync(restarted, $"/v1/surfaces/{model.Surface}");
            Assert.Equal(surface.GetProperty("modelVersion").GetInt64(), ranking.GetProperty("termsModelVersion").GetInt64());
            await AssertTermsMatchItemsApiAsync(restarted, model.Surface, rows);
        }

        var joined = Assert.Single(fromLog.GetProperty("rewards").EnumerateArray());
        Assert.Equal(generated.GetProperty("items")[1].GetProperty("itemId").GetString(), joined.GetProperty("itemId").GetString());
        Assert.Equal(0.75, joined.GetProperty("reward").GetDouble());
        Assert.False(joined.GetProperty("isDefaultReward").GetBoolean());
        Assert.Equal(5, fromLog.GetProperty("ranking").GetProperty("top").GetInt32());
        Assert.Empty(clientId.GetProperty("rewards").EnumerateArray());

        var problem = await HttpAssertions.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "eventId");
        Assert.Contains("decision log", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explanation_decision_log_search_is_bounded_and_finds_old_decisions_by_their_id_time_or_an_at_hint()
    {
        // Arrange: a server-made (UUIDv7) and a client-chosen event id, logged, then restarts that search no hour back.
        var sqlite = Path.Combine(_directory, "bounded.db");
        var model = new ExplanationModel("explain-bounded", 10, seed: 5);
        string generated;
        DateTimeOffset rankedAt;
        await using (var before = new SharedStorageFactory(sqlite))
        {
            var admin = before.CreateAdminClient();
            await model.CreateAsync(admin);
            rankedAt = DateTimeOffset.UtcNow;
            generated = (await DecisionExplanationTests.RankAsync(admin, model.Surface, new { features = Context })).GetProperty("eventId").GetString()!;
            await DecisionExplanationTests.RankAsync(admin, model.Surface, new { features = Context, eventId = "client-event-2" });
        }

        var noScanBack = ("Dashboard:ExplanationLogSearchHours", "0");
        var path = $"/v1/surfaces/{model.Surface}/decisions";
        await using (var restarted = new SharedStorageFactory(sqlite, noScanBack))
        {
            var admin = restarted.CreateAdminClient();
            await WaitForRestoreAsync(restarted);

            // Act
            using var byIdTime = await admin.GetAsync($"{path}/{generated}/explanation", TestContext.Current.CancellationToken);
            using var clientWithoutHint = await admin.GetAsync($"{path}/client-event-2/explanation", TestContext.Current.CancellationToken);
            using var clientWithHint = await admin.GetAsync(
                $"{path}/client-event-2/explanation?at={Uri.EscapeDataString(rankedAt.AddMinutes(3).ToString("O"))}", TestContext.Current.CancellationToken);

            // Assert: the UUIDv7 id carries its own time; a client id needs the hint when the search does not reach back.
            Assert.Equal("decisionLog", (await HttpAssertions.ReadJsonAsync(byIdTime)).GetProperty("source").GetString());
            var problem = await HttpAssertions.AssertProblemAsync(clientWithoutHint, HttpStatusCode.NotFound, "eventId");
            Assert.Contains("?at=", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal("client-event-2", (await HttpAssertions.ReadJsonAsync(clientWithHint)).GetProperty("eventId").GetString());
        }

        // A scan limit of one row: the older decision is read first, so the search gives up, and says so.
        await using var limited = new SharedStorageFactory(sqlite, ("Dashboard:ExplanationLogScanLimit", "1"));
        await WaitForRestoreAsync(limited);
        using var stopped = await limited.CreateAdminClient().GetAsync($"{path}/client-event-2/explanation", TestContext.Current.CancellationToken);
        var stoppedProblem = await HttpAssertions.AssertProblemAsync(stopped, HttpStatusCode.NotFound, "eventId");
        Assert.Contains("stopped after 1 rows", stoppedProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explanation_of_a_scheduled_decision_after_a_restart_recomputes_its_period_and_has_no_ranking()
    {
        var sqlite = Path.Combine(_directory, "schedule.db");
        JsonElement rank;
        await using (var before = new SharedStorageFactory(sqlite))
        {
            var admin = before.CreateAdminClient();
            await admin.PutJsonAsync("/v1/surfaces/explain-daily",
                """{"policy": "recovering-periodic", "epsilon": 0, "recovery": {"periodSeconds": 3600, "slotsPerPeriod": 2, "maxIdlePeriods": 6}}""");
            await admin.PostJsonAsync("/v1/surfaces/explain-daily/items:batch", """{"items": [{"itemId": "news"}, {"itemId": "sports"}, {"itemId": "weather"}]}""");
            rank = await DecisionExplanationTests.RankAsync(admin, "explain-daily", new { });
        }

        await using var after = new SharedStorageFactory(sqlite);
        await WaitForRestoreAsync(after);
        var explanation = await DecisionExplanationTests.GetJsonAsync(after.CreateAdminClient(),
            $"/v1/surfaces/explain-daily/decisions/{rank.GetProperty("eventId").GetString()}/explanation");

        Assert.Equal("decisionLog", explanation.GetProperty("source").GetString());
        Assert.Equal(rank.GetProperty("period").GetInt64(), explanation.GetProperty("period").GetInt64());
        Assert.Equal("schedule", explanation.GetProperty("candidates").GetProperty("source").GetString());
        Assert.Equal(rank.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()),
            explanation.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()));
        Assert.False(explanation.TryGetProperty("ranking", out _));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL briefly; the temp directory is harmless.
        }
    }

    /// <summary>Each listed candidate's terms from the restarted server's own items API (θ and precision), ALGORITHMS.md 2.3.</summary>
    private static async Task AssertTermsMatchItemsApiAsync(HttpClient admin, string surface, JsonElement[] rows)
    {
        foreach (var row in rows)
        {
            var item = await DecisionExplanationTests.GetJsonAsync(admin, $"/v1/surfaces/{surface}/items/{row.GetProperty("itemId").GetString()}");
            var theta = item.GetProperty("theta").EnumerateArray().Select(t => t.GetDouble()).ToArray();
            var precision = item.GetProperty("precision").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            double mean = 0;
            double variance = 0;
            for (var c = 0; c < Context.Length; c++)
            {
                mean += Context[c] * theta[c];
                variance += (double)Context[c] * Context[c] / precision[c];
            }

            Assert.Equal(mean, row.GetProperty("mean").GetDouble(), 1e-12);
            Assert.Equal(Math.Sqrt(variance), row.GetProperty("uncertainty").GetDouble(), 1e-12);
        }
    }

    /// <summary>Until the checkpoint is restored the explanation answers 503 (its candidate terms would be the prior's).</summary>
    private static async Task WaitForRestoreAsync(SharedStorageFactory server)
    {
        var restore = server.Services.GetRequiredService<CheckpointRestore>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!restore.IsComplete)
        {
            Assert.True(DateTime.UtcNow < deadline, "the checkpoint was not restored within 30 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static async Task WaitForRewardAsync(HttpClient admin, string surface, string eventId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var explanation = await DecisionExplanationTests.GetJsonAsync(admin, $"/v1/surfaces/{surface}/decisions/{eventId}/explanation");
            if (explanation.GetProperty("rewards").GetArrayLength() == 1)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the reward was not learned within 30 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
