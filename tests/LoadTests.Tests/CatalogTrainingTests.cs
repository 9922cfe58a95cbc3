using System.Text.Json;
using System.Text.Json.Nodes;
using BanditServe.Bandits;
using BanditServe.LoadTests.Scenarios;

namespace BanditServe.LoadTests.Tests;

/// <summary><c>--trained-share</c>: the exported model document gets statistics a model can import and rank with.</summary>
public sealed class CatalogTrainingTests
{
    private const int Dimension = 8;

    [Fact]
    public void A_share_of_the_items_gets_statistics_that_the_model_imports_and_ranks_by()
    {
        // Arrange: a fresh catalog as GET …/model exports it (camelCase JSON).
        JsonObject document = ExportedDocument(items: 1000);

        // Act
        int trained = CatalogTraining.Train(document, share: 0.3, seed: 7);

        // Assert: about 30 % trained (binomial, n = 1000), every trained item with all coordinates, finite and positive.
        Assert.InRange(trained, 240, 360);
        SurfaceModelSnapshot snapshot = document["diagLinUcb"].Deserialize<SurfaceModelSnapshot>(JsonSerializerOptions.Web)!;
        ItemSnapshot[] withStatistics = [.. snapshot.Items.Where(item => item.Indices.Length > 0)];
        Assert.Equal(trained, withStatistics.Length);
        Assert.All(withStatistics, item =>
        {
            Assert.Equal(Enumerable.Range(0, Dimension), item.Indices);
            Assert.All(item.SumSquares, value => Assert.True(value > 0 && double.IsFinite(value)));
            Assert.All(item.SumRewards, value => Assert.True(value >= 0 && double.IsFinite(value)));
            Assert.True(item.RewardsApplied > 0);
        });

        // The model takes it: every trained item now scores apart from the prior (an untrained item's score) and from
        // the others. Ranked among themselves, so the prior's higher UCB does not push them out of the slots.
        SurfaceModel model = SurfaceModel.Import(snapshot);
        FeatureVector context = FeatureVector.Dense([.. Enumerable.Range(0, Dimension).Select(c => c == 2 ? 1f : 0.05f)], Dimension);
        string untrained = snapshot.Items.First(item => item.Indices.Length == 0).ItemId;
        double priorScore = model.Rank(context, [untrained], null, slots: 1, seed: 1).Items[0].Score;
        RankOutcome outcome = model.Rank(context, [.. withStatistics.Select(item => item.ItemId)], null, slots: withStatistics.Length, seed: 1);
        double[] trainedScores = [.. outcome.Items.Select(item => item.Score)];
        Assert.Equal(withStatistics.Length, trainedScores.Length);
        Assert.DoesNotContain(priorScore, trainedScores);
        Assert.True(trainedScores.Distinct().Count() >= trainedScores.Length * 0.99, $"{trainedScores.Distinct().Count()} distinct scores of {trainedScores.Length}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_document_and_share_zero_trains_nothing()
    {
        JsonObject first = ExportedDocument(items: 200);
        JsonObject second = ExportedDocument(items: 200);
        CatalogTraining.Train(first, 0.5, seed: 3);
        CatalogTraining.Train(second, 0.5, seed: 3);
        Assert.Equal(first.ToJsonString(), second.ToJsonString());

        JsonObject untouched = ExportedDocument(items: 200);
        string before = untouched.ToJsonString();
        Assert.Equal(0, CatalogTraining.Train(untouched, 0, seed: 3));
        Assert.Equal(before, untouched.ToJsonString());
    }

    [Fact]
    public void A_document_without_a_linear_model_is_refused_with_a_reason()
    {
        var periodic = new JsonObject { ["surface"] = "s", ["policy"] = "recovering-periodic", ["recoveringPeriodicState"] = "AAAA" };
        var error = Assert.Throws<InvalidOperationException>(() => CatalogTraining.Train(periodic, 0.5, seed: 1));
        Assert.Contains("diagLinUcb", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject ExportedDocument(int items)
    {
        var model = new SurfaceModel(Dimension, new DiagLinUcbOptions());
        for (int i = 0; i < items; i++)
        {
            model.UpsertItem($"item-{i:D6}");
        }

        return new JsonObject
        {
            ["surface"] = "loadtest",
            ["policy"] = "diag-linucb",
            ["modelVersion"] = model.Version,
            ["diagLinUcb"] = JsonSerializer.SerializeToNode(model.Export(), JsonSerializerOptions.Web),
        };
    }
}
