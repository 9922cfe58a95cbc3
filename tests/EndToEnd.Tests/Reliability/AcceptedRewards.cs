using System.Net;
using System.Text;
using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.EndToEnd.Tests.Infrastructure;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>
/// A rank + reward client that remembers every decision's context and every reward the server
/// accepted (202), and so knows the model those rewards imply: the first reward per
/// (eventId, itemId) applied once with the decision's context (API.md "Learning semantics").
/// </summary>
public sealed class AcceptedRewards(string surface, int dimension, IReadOnlyList<string> itemIds, DiagLinUcbOptions options)
{
    private readonly Dictionary<string, float[]> _contexts = new(StringComparer.Ordinal);
    private readonly List<(string EventId, string ItemId, double Reward)> _accepted = [];
    private readonly HashSet<(string, string)> _rewarded = [];

    public int Count => _accepted.Count;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Ranks a random context; returns the event id and the shown items.</summary>
    public async Task<(string EventId, string[] Shown)> RankAsync(HttpClient client, Random random, CancellationToken ct)
    {
        var features = Enumerable.Range(0, dimension).Select(_ => (float)Math.Round(random.NextDouble(), 3)).ToArray();
        var response = await client.PostAsync($"/v1/surfaces/{surface}/rank", Json(JsonSerializer.Serialize(new { features, slots = 2 })), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"rank answered {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        var eventId = body.GetProperty("eventId").GetString()!;
        _contexts[eventId] = features;
        return (eventId, [.. body.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("itemId").GetString()!)]);
    }

    /// <summary>Posts a reward; records it when the server answers 202. Returns the status.</summary>
    public async Task<HttpStatusCode> RewardAsync(HttpClient client, string eventId, string itemId, double reward, CancellationToken ct)
    {
        var response = await client.PostAsync("/v1/rewards", Json($$"""{"eventId": "{{eventId}}", "itemId": "{{itemId}}", "reward": {{reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"""), ct);
        if (response.StatusCode == HttpStatusCode.Accepted && _rewarded.Add((eventId, itemId)))
        {
            _accepted.Add((eventId, itemId, reward));
        }

        return response.StatusCode;
    }

    /// <summary>Waits until the server applied every accepted reward, then compares every item's statistics.</summary>
    public async Task AssertServerLearnedExactlyAsync(ServerProcess server, HttpClient admin, TimeSpan patience, string when)
    {
        await ModelProbe.WaitUntilAsync(
            async () => await ModelProbe.TotalRewardsAppliedAsync(admin, surface) >= _accepted.Count,
            patience,
            () => $"{when}: the server did not apply the {_accepted.Count} accepted rewards:\n{Tail(server.Output)}");
        var expected = new SurfaceModel(dimension, options);
        foreach (var id in itemIds)
        {
            expected.UpsertItem(id);
        }

        foreach (var (eventId, itemId, reward) in _accepted)
        {
            expected.Apply(itemId, FeatureVector.Dense(_contexts[eventId], dimension), reward);
        }

        Assert.True(_accepted.Count == await ModelProbe.TotalRewardsAppliedAsync(admin, surface), $"{when}: rewards applied differ from the {_accepted.Count} accepted");
        foreach (var id in itemIds)
        {
            var actual = await ModelProbe.ReadItemAsync(admin, surface, id);
            var want = expected.GetItem(id)!;
            Assert.True(want.RewardsApplied == actual.RewardsApplied, $"{when}: {id} applied {actual.RewardsApplied} rewards, expected {want.RewardsApplied}");
            for (var c = 0; c < dimension; c++)
            {
                ModelProbe.AssertClose(want.Precision![c], actual.Precision[c], $"{when}: {id} precision[{c}]");
                ModelProbe.AssertClose(want.Theta![c], actual.Theta[c], $"{when}: {id} theta[{c}]");
            }
        }
    }

    public static string Tail(string output) => output.Length > 4000 ? output[^4000..] : output;
}
