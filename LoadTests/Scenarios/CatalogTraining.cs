using System.Text.Json.Nodes;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Gives a share of the catalog learned statistics before a run, through the model export and import
/// (<c>GET</c>/<c>PUT /v1/surfaces/{surface}/model</c>), so a run can measure a catalog that has seen
/// feedback: distinct scores, and every trained row read by the scoring kernel.
/// </summary>
/// <remarks>
/// The statistics are what the scenario's contexts would leave after n examples: each example's segment
/// coordinate is 1 and the others are noise of ±0.1, so <c>Σx²</c> is about n/d + n·0.0033 per coordinate,
/// and <c>Σx·r</c> is that times a click rate of up to 0.2 drawn per item and coordinate.
/// </remarks>
public static class CatalogTraining
{
    /// <summary>Fills the statistics of a share of the items in an exported model document, in place; returns how many.</summary>
    /// <param name="document">The document <c>GET …/model</c> answered (its <c>diagLinUcb.items</c> are changed).</param>
    /// <param name="share">The share of items to train, in [0, 1]; each item is drawn with this probability.</param>
    /// <param name="seed">Which items and which statistics: the same seed gives the same document.</param>
    public static int Train(JsonObject document, double share, int seed)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document["diagLinUcb"] is not JsonObject model || model["items"] is not JsonArray items || model["dimension"]?.GetValue<int>() is not int dimension)
        {
            throw new InvalidOperationException("the model export has no diagLinUcb items to train (is the surface diag-linucb?)");
        }

        var random = new Random(seed);
        var trained = 0;
        foreach (var node in items)
        {
            if (node is not JsonObject item || random.NextDouble() >= share)
            {
                continue;
            }

            var examples = 20 + random.Next(480);
            var indices = new JsonArray();
            var sumSquares = new JsonArray();
            var sumRewards = new JsonArray();
            var rewardSum = 0.0;
            for (var coordinate = 0; coordinate < dimension; coordinate++)
            {
                var squares = Math.Round((examples * (1.0 / dimension + 0.0033)) * (0.5 + random.NextDouble()), 4);
                var rewards = Math.Round(squares * 0.2 * random.NextDouble(), 4);
                rewardSum += rewards;
                indices.Add(coordinate);
                sumSquares.Add(squares);
                sumRewards.Add(rewards);
            }

            item["indices"] = indices;
            item["sumSquares"] = sumSquares;
            item["sumRewards"] = sumRewards;
            item["rewardsApplied"] = examples;
            item["impressions"] = examples * 3;
            item["rewardSum"] = Math.Round(rewardSum / dimension, 4);
            trained++;
        }

        return trained;
    }
}
