using System.Net;
using System.Text.Json;
using BanditServe.Api.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace BanditServe.Api.Tests.Fuzzing;

/// <summary>
/// Seeded property-based fuzzing of every endpoint: thousands of generated malformed and hostile
/// requests (wrong types, overflowing numbers, NaN strings, deep nesting, long and odd unicode
/// strings, bad ids, missing and extra fields, wrong dimensions, wrong media types) never get a
/// 5xx, always get problem details, and change neither the model nor the surface.
/// </summary>
public sealed class EndpointFuzzingTests(ProductionServerFactory factory) : IClassFixture<ProductionServerFactory>
{
    /// <summary>Generated requests per endpoint; the seed makes every run send the same ones.</summary>
    private const int RequestsPerEndpoint = 400;
    private const ulong Seed = 20_261_124;

    [Theory]
    [InlineData("put-surface")]
    [InlineData("put-item")]
    [InlineData("post-items-batch")]
    [InlineData("rank")]
    [InlineData("post-reward")]
    [InlineData("post-rewards-batch")]
    [InlineData("put-model")]
    [InlineData("get-schedule")]
    [InlineData("paths")]
    public async Task Hostile_requests_never_get_a_server_error_always_get_problem_details_and_change_nothing(string endpoint)
    {
        // Arrange: a surface with a learned reward, so the model is not the prior and a change would show.
        var ct = TestContext.Current.CancellationToken;
        var admin = factory.CreateAdminClient();
        var surface = $"fuzz-{endpoint}";
        var periodic = $"fuzz-periodic-{endpoint}";
        await HttpAssertions.ReadJsonAsync(await admin.PutJsonAsync($"/v1/surfaces/{surface}",
            """{"dimension": 3, "alpha": 0.5, "epsilon": 0.1, "rewardWindowSeconds": 3600, "defaultReward": null}"""), HttpStatusCode.Created);
        await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync($"/v1/surfaces/{surface}/items:batch",
            """{"items": [{"itemId": "a"}, {"itemId": "b"}, {"itemId": "c"}]}"""));
        await HttpAssertions.ReadJsonAsync(await admin.PutJsonAsync($"/v1/surfaces/{periodic}",
            """{"policy": "recovering-periodic", "epsilon": 0, "recovery": {"periodSeconds": 60, "slotsPerPeriod": 1, "maxIdlePeriods": 5}}"""), HttpStatusCode.Created);
        await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync($"/v1/surfaces/{periodic}/items:batch", """{"items": [{"itemId": "p1"}, {"itemId": "p2"}]}"""));
        var rank = await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync($"/v1/surfaces/{surface}/rank",
            """{"features": [1, 0.5, 0.25], "candidates": ["a"], "slots": 1}"""));
        var eventId = rank.GetProperty("eventId").GetString()!;
        await HttpAssertions.ReadJsonAsync(await admin.PostJsonAsync("/v1/rewards",
            $$"""{"eventId": "{{eventId}}", "itemId": "a", "reward": 0.75}"""), HttpStatusCode.Accepted);
        await WaitForRewardsAsync(admin, surface, 1, ct);
        var before = await CaptureStateAsync(admin, surface, ct);
        var model = await admin.GetStringAsync($"/v1/surfaces/{surface}/model", ct);
        var fuzzers = new EndpointFuzzers(surface, periodic, eventId, model);
        var requests = fuzzers.For(endpoint).Sample(size: 50, seed: new Rnd(Seed + (ulong)Array.IndexOf(EndpointFuzzers.Endpoints, endpoint)), numberOfSamples: RequestsPerEndpoint);
        Assert.Equal(RequestsPerEndpoint, requests.Length);

        // Act
        var violations = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        foreach (var request in requests)
        {
            using var message = request.ToMessage();
            using var response = await admin.SendAsync(message, ct);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            var violation = await ResponseContract.ViolationAsync(response, ct);
            if (violation is null && ResponseContract.IsSuccess(response) && !await IsHarmlessSuccessAsync(request, response, ct))
            {
                violation = $"accepted with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
            }

            if (violation is not null)
            {
                violations.Add($"{violation}\n    request: {request}");
            }
        }

        // A wrongly accepted reward would be learned within moments; give it the chance to show.
        await Task.Delay(endpoint.Contains("reward", StringComparison.Ordinal) ? 1500 : 100, ct);
        var after = await CaptureStateAsync(admin, surface, ct);

        // Assert
        Assert.True(violations.Count == 0,
            $"{violations.Count} of {RequestsPerEndpoint} requests broke the contract (statuses {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}):\n" +
            string.Join("\n", violations.Take(15)));
        Assert.Equal(before, after);
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 1, "no request was refused at all: the generator is not hostile");
    }

    /// <summary>A 2xx is only acceptable where the request cannot change state.</summary>
    private static async Task<bool> IsHarmlessSuccessAsync(FuzzRequest request, HttpResponseMessage response, CancellationToken ct)
    {
        if (request.Method == HttpMethod.Get)
        {
            return true;
        }

        // rewards:batch answers 202 with every entry rejected; nothing may have been accepted.
        if (request.Path == "/v1/rewards:batch")
        {
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            return body.GetProperty("accepted").GetInt32() == 0;
        }

        return false;
    }

    private static async Task<string> CaptureStateAsync(HttpClient admin, string surface, CancellationToken ct)
    {
        var parts = new List<string>
        {
            await admin.GetStringAsync($"/v1/surfaces/{surface}", ct),
            await admin.GetStringAsync($"/v1/surfaces/{surface}/model", ct),
        };
        foreach (var item in new[] { "a", "b", "c" })
        {
            parts.Add(await admin.GetStringAsync($"/v1/surfaces/{surface}/items/{item}", ct));
        }

        var list = JsonDocument.Parse(await admin.GetStringAsync("/v1/surfaces", ct)).RootElement;
        parts.Add(string.Join(",", list.GetProperty("surfaces").EnumerateArray().Select(s => s.GetProperty("surface").GetString()).Order(StringComparer.Ordinal)));
        return string.Join("\n", parts);
    }

    private static async Task WaitForRewardsAsync(HttpClient admin, string surface, long count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (JsonDocument.Parse(await admin.GetStringAsync($"/v1/surfaces/{surface}", ct)).RootElement.GetProperty("rewardsApplied").GetInt64() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the setup reward was not learned on {surface}");
            await Task.Delay(50, ct);
        }
    }
}
