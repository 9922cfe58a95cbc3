using System.Net;
using System.Text.Json;
using BanditServe.EndToEnd.Tests.Infrastructure;
using BanditServe.Testing;
using Npgsql;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>
/// PostgreSQL cut off under load (a TCP relay between server and database is closed and its
/// connections reset): rank keeps answering at about its normal latency, readiness reports
/// Degraded, the buffered decisions are written after recovery and what did not fit is counted;
/// an explanation that needs the decision log answers 503 with Retry-After meanwhile, and 200 after.
/// </summary>
public sealed class DatabaseOutageTests
{
    private const string AdminKey = "db-outage-admin-key";
    private const string Surface = "outage";
    // The reliability issue asks for 30 s of PostgreSQL outage under load.
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Postgres_outage_under_load_keeps_rank_answering_reports_degraded_and_writes_the_buffered_decisions_after_recovery()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestPostgres.CreateDatabaseAsync("dboutage");
        var direct = new NpgsqlConnectionStringBuilder(database);
        await using var relay = new TcpRelay(direct.Host!, direct.Port);
        relay.Start();
        var throughRelay = new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 };
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth__AdminKeys__0"] = AdminKey,
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Postgres"] = throughRelay.ConnectionString,
            ["Kafka__BootstrapServers"] = "",
            // A small buffer makes the outage overflow it, so the drop accounting is exercised too.
            ["Storage__WriteBufferCapacity"] = "1500",
            ["Storage__RetryMaxDelay"] = "00:00:01",
            // One explanation in memory: the decision explained below is evicted by the load and read from the log.
            ["Dashboard__ExplanationCapacity"] = "1",
        });
        using var admin = server.CreateClient(AdminKey);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/surfaces/{Surface}", AcceptedRewards.Json("""{"dimension": 8}"""), ct)).StatusCode);
        var batch = JsonSerializer.Serialize(new { items = Enumerable.Range(0, 50).Select(i => new { itemId = $"i{i}" }) });
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/v1/surfaces/{Surface}/items:batch", AcceptedRewards.Json(batch), ct)).StatusCode);
        var ranked = 0;
        var failures = 0;
        async Task LoadAsync(LatencyRecorder latencies, Func<bool> keepGoing)
        {
            using var client = server.CreateClient();
            var random = new Random(latencies.GetHashCode());
            while (keepGoing())
            {
                var features = Enumerable.Range(0, 8).Select(_ => Math.Round(random.NextDouble(), 3)).ToArray();
                var status = await latencies.TimeAsync(async () =>
                    (await client.PostAsync($"/v1/surfaces/{Surface}/rank", AcceptedRewards.Json(JsonSerializer.Serialize(new { features, slots = 3 })), ct)).StatusCode);
                Interlocked.Increment(ref ranked);
                if (status != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        const string Explained = "explained-across-the-outage";
        var explanationPath = $"/v1/surfaces/{Surface}/decisions/{Explained}/explanation";
        using (var ranking = server.CreateClient())
        {
            var body = JsonSerializer.Serialize(new { eventId = Explained, features = new[] { 1, 0, 0, 0, 0, 0, 0, 0 }, slots = 3 });
            Assert.Equal(HttpStatusCode.OK, (await ranking.PostAsync($"/v1/surfaces/{Surface}/rank", AcceptedRewards.Json(body), ct)).StatusCode);
            Interlocked.Increment(ref ranked);
        }

        // Normal: two concurrent clients for 4 s.
        var normal = new LatencyRecorder();
        var normalEnd = DateTime.UtcNow.AddSeconds(4);
        await Task.WhenAll(LoadAsync(normal, () => DateTime.UtcNow < normalEnd), LoadAsync(normal, () => DateTime.UtcNow < normalEnd));
        await ModelProbe.WaitUntilAsync(
            async () => (await admin.GetAsync(explanationPath, ct)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), () => "the decision was not explained from the decision log before the outage");

        // Outage: the same load while the database is unreachable.
        await relay.CutAsync();
        var during = new LatencyRecorder();
        var outageEnd = DateTime.UtcNow + Outage;
        var load = Task.WhenAll(LoadAsync(during, () => DateTime.UtcNow < outageEnd), LoadAsync(during, () => DateTime.UtcNow < outageEnd));
        string? degraded = null;
        while (DateTime.UtcNow < outageEnd && degraded is null)
        {
            var ready = await admin.GetStringAsync("/health/ready", ct);
            degraded = ready.Contains("\"Degraded\"", StringComparison.Ordinal) ? ready : null;
            await Task.Delay(250, ct);
        }

        await load;
        // Its rewards are still open (the decision is far younger than the reward window), so even a decision the
        // lookup remembers needs the database for them.
        using var refused = await admin.GetAsync(explanationPath, ct);
        var refusal = await refused.Content.ReadAsStringAsync(ct);
        relay.Start();
        var totalRanked = ranked;

        // Recovery: readiness returns to Healthy and every decision is either a row or counted as dropped.
        await ModelProbe.WaitUntilAsync(
            async () => !(await admin.GetStringAsync("/health/ready", ct)).Contains("\"Degraded\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), () => "readiness stayed Degraded after the database came back:\n" + AcceptedRewards.Tail(server.Output));
        long rows = 0;
        double dropped = 0;
        await ModelProbe.WaitUntilAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync(ct);
                await using var count = new NpgsqlCommand("SELECT count(*) FROM decisions", connection);
                rows = (long)(await count.ExecuteScalarAsync(ct))!;
                dropped = MetricsText.Value(await admin.GetStringAsync("/metrics", ct), "bandit_storage_dropped_total{log=\"decisions\"}");
                return rows + dropped >= totalRanked;
            },
            TimeSpan.FromSeconds(30), () => $"{rows} decision rows + {dropped} dropped < {totalRanked} ranked");

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"rank before: {normal}; during a {Outage.TotalSeconds:0} s outage: {during}; ranked {totalRanked}, rows {rows}, dropped {dropped}");
        Assert.Equal(0, failures);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("2", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("eventId", refusal, StringComparison.Ordinal);
        Assert.Contains("decision log could not be read", refusal, StringComparison.Ordinal);
        await ModelProbe.WaitUntilAsync(
            async () => (await admin.GetAsync(explanationPath, ct)).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10), () => "the explanation did not come back from the decision log after recovery");
        Assert.NotNull(degraded);
        Assert.Contains("storage", degraded, StringComparison.Ordinal);
        Assert.Equal(totalRanked, rows + (long)dropped);
        Assert.True(rows > normal.Count, $"only {rows} rows: the decisions buffered during the outage were not written");
        Assert.True(dropped > 0, "the outage did not overflow the 1500-record buffer; the drop accounting was not exercised");
        Assert.Contains("records were dropped because the write buffer was full", server.Output, StringComparison.Ordinal);
        // p99 within 2x of normal, plus 5 ms for the scheduling noise of a shared 2-core machine.
        Assert.True(during.Percentile(99) <= 2 * normal.Percentile(99) + 5, $"p99 during the outage {during.Percentile(99):0.00} ms vs normal {normal.Percentile(99):0.00} ms");
    }
}
