using System.Net;
using System.Text.Json;
using BanditServe.Api.Tests.Infrastructure;

namespace BanditServe.Api.Tests.Dashboard;

/// <summary>
/// A Diag-LinUCB surface whose items carry seeded, distinct statistics (imported as a model), so every
/// candidate has its own mean and uncertainty, and the oracle of ALGORITHMS.md 2.3 to check them against.
/// </summary>
internal sealed class ExplanationModel
{
    public const int Dimension = 3;
    public const double Alpha = 0.7;
    public const double Ridge = 1.0;

    private readonly Dictionary<string, (double[] SumSquares, double[] SumRewards)> _statistics = new(StringComparer.Ordinal);

    public ExplanationModel(string surface, int items, int seed)
    {
        Surface = surface;
        var random = new Random(seed);
        ItemIds = [.. Enumerable.Range(0, items).Select(i => $"item-{i:D4}")];
        foreach (var itemId in ItemIds)
        {
            _statistics[itemId] = (
                [.. Enumerable.Range(0, Dimension).Select(_ => random.NextDouble() * 20)],
                [.. Enumerable.Range(0, Dimension).Select(_ => (random.NextDouble() * 10) - 5)]);
        }
    }

    public string Surface { get; }

    public IReadOnlyList<string> ItemIds { get; }

    /// <summary>Creates the surface (ε = 0.5, so slots are often explored), adds the items and imports their statistics.</summary>
    public async Task CreateAsync(HttpClient admin)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.PutJsonAsync($"/v1/surfaces/{Surface}",
            $$"""{"dimension": {{Dimension}}, "alpha": {{Alpha}}, "epsilon": 0.5, "ridge": {{Ridge}}}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync($"/v1/surfaces/{Surface}/items:batch",
            JsonSerializer.Serialize(new { items = ItemIds.Select(i => new { itemId = i, active = true }) }))).StatusCode);
        var model = new
        {
            surface = Surface,
            policy = "diag-linucb",
            modelVersion = 7,
            diagLinUcb = new
            {
                dimension = Dimension,
                options = new { alpha = Alpha, epsilon = 0.5, ridge = Ridge, forgetting = 1.0 },
                modelVersion = 7,
                items = ItemIds.Select(i => new
                {
                    itemId = i,
                    active = true,
                    impressions = 0,
                    rewardsApplied = 0,
                    rewardSum = 0.0,
                    lastShownAt = (DateTimeOffset?)null,
                    indices = new[] { 0, 1, 2 },
                    sumSquares = _statistics[i].SumSquares,
                    sumRewards = _statistics[i].SumRewards,
                }),
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutJsonAsync($"/v1/surfaces/{Surface}/model", JsonSerializer.Serialize(model))).StatusCode);
    }

    /// <summary>ALGORITHMS.md 2.3 in float64: mean Σ x·b/(ridge+s), uncertainty sqrt(Σ x²/(ridge+s)), score mean + α·uncertainty.</summary>
    public (double Mean, double Uncertainty, double Score) Expected(string itemId, float[] context)
    {
        var (sumSquares, sumRewards) = _statistics[itemId];
        double mean = 0;
        double variance = 0;
        for (var c = 0; c < Dimension; c++)
        {
            var precision = Ridge + sumSquares[c];
            mean += context[c] * (sumRewards[c] / precision);
            variance += (double)context[c] * context[c] / precision;
        }

        var uncertainty = Math.Sqrt(variance);
        return (mean, uncertainty, mean + (Alpha * uncertainty));
    }

    /// <summary>The candidates in rank's greedy order: score descending, then item id ascending.</summary>
    public string[] ExpectedOrder(IEnumerable<string> candidates, float[] context) =>
        [.. candidates.OrderByDescending(i => Expected(i, context).Score).ThenBy(i => i, StringComparer.Ordinal)];
}
