using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>The CPU batched pass (one read of the model for many contexts) against ranking each request alone.</summary>
public sealed class BatchedRankTests
{
    [Fact]
    public void Batched_full_catalog_rankings_equal_rankings_made_one_by_one()
    {
        (SurfaceModel model, SurfaceModel twin) = TwinModels(dimension: 8, items: 5000, seed: 21);
        var random = new Random(77);
        RankRequest[] requests = [.. Enumerable.Range(0, 12).Select(r => new RankRequest(
            Contexts.Random(random, 8),
            null,
            r % 3 == 0 ? [$"item-{r}", "item-17", "unknown-item"] : null,
            Slots: 1 + (r % 5),
            Seed: (ulong)r,
            ShownAt: null))];

        RankOutcome[] batched = ParityWorld.RankAll(model, requests);
        RankOutcome[] alone = [.. requests.Select(r => twin.Rank(r.Context, null, r.Exclude, r.Slots, r.Seed))];

        // Dense contexts take the same SIMD kernel on both paths, so scores agree exactly.
        ParityWorld.AssertSameRankings(alone, batched, relativeTolerance: 0);
    }

    [Fact]
    public void Batched_rankings_break_exact_ties_by_item_id_like_single_rankings()
    {
        var model = new SurfaceModel(2, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0));
        foreach (string id in new[] { "c", "a", "d", "b" })
        {
            model.UpsertItem(id);
        }

        RankRequest[] requests = [new(Contexts.Dense(1, 1), null, null, 4, 1, null), new(Contexts.Dense(0, 1), null, ["a"], 2, 2, null)];

        RankOutcome[] batched = ParityWorld.RankAll(model, requests);

        Assert.Equal(["a", "b", "c", "d"], batched[0].Items.Select(i => i.ItemId));
        Assert.Equal(["b", "c"], batched[1].Items.Select(i => i.ItemId));
    }

    [Fact]
    public void Excluded_items_are_never_placed_and_do_not_count_in_propensities()
    {
        var model = new SurfaceModel(1, new DiagLinUcbOptions(Alpha: 0, Epsilon: 0.5));
        foreach (string id in new[] { "a", "b", "c", "d" })
        {
            model.UpsertItem(id);
        }

        RankRequest[] requests = [.. Enumerable.Range(0, 40).Select(seed => new RankRequest(Contexts.Dense(1), null, ["a", "c"], 2, (ulong)seed, null))];

        RankOutcome[] batched = ParityWorld.RankAll(model, requests);

        foreach (RankOutcome outcome in batched)
        {
            Assert.Equal(["b", "d"], outcome.Items.Select(i => i.ItemId).Order());

            // Two candidates remain for slot 0 and one for slot 1 (ALGORITHMS.md 4.2).
            Assert.Contains(outcome.Items[0].Propensity, new[] { 0.5 + 0.25, 0.25 });
            Assert.Equal(1, outcome.Items[1].Propensity, 12);
        }
    }

    [Fact]
    public void A_failing_request_fails_alone_in_its_batch()
    {
        (SurfaceModel model, _) = TwinModels(dimension: 3, items: 50, seed: 2);
        RankRequest[] requests = [new(Contexts.Dense(1, 0, 0), null, null, 2, 1, null), new(Contexts.Dense(1, 0), null, null, 2, 1, null), new(Contexts.Dense(0, 1, 0), null, null, 0, 1, null), new(Contexts.Dense(0, 0, 1), null, null, 1, 1, null)];
        var outcomes = new RankOutcome?[4];
        var errors = new Exception?[4];

        model.RankBatch(requests, outcomes, errors);

        Assert.Equal("features", Assert.IsType<BanditArgumentException>(errors[1]).Field);
        Assert.Equal("slots", Assert.IsType<BanditArgumentException>(errors[2]).Field);
        Assert.Equal(2, outcomes[0]!.Items.Count);
        Assert.Single(outcomes[3]!.Items);
    }

    [Fact]
    public async Task Micro_batcher_gives_concurrent_callers_the_rankings_they_would_get_alone()
    {
        (SurfaceModel model, SurfaceModel twin) = TwinModels(dimension: 16, items: 20_000, seed: 5);
        var batcher = new RankMicroBatcher(model, TimeSpan.FromMicroseconds(200), maxBatch: 64);
        var random = new Random(9);
        FeatureVector[] contexts = [.. Enumerable.Range(0, 48).Select(_ => Contexts.Random(random, 16))];

        RankOutcome[] batched = await Task.WhenAll(contexts.Select((context, i) => Task.Run(() => batcher.RankAsync(context, null, null, 3, (ulong)i), TestContext.Current.CancellationToken)));
        RankOutcome[] alone = [.. contexts.Select((context, i) => twin.Rank(context, null, null, 3, (ulong)i))];

        ParityWorld.AssertSameRankings(alone, batched, relativeTolerance: 0);
        Assert.Equal(48, batcher.BatchedRequests);
        Assert.InRange(batcher.Batches, 1, 48);
    }

    [Fact]
    public async Task Micro_batcher_reports_invalid_input_as_rank_does()
    {
        (SurfaceModel model, _) = TwinModels(dimension: 4, items: 10, seed: 1);
        var batcher = new RankMicroBatcher(model, TimeSpan.Zero);

        BanditArgumentException error = await Assert.ThrowsAsync<BanditArgumentException>(() => batcher.RankAsync(Contexts.Dense(1, 2), null, null, 1, 0));

        Assert.Equal("features", error.Field);
    }

    private static (SurfaceModel Model, SurfaceModel Twin) TwinModels(int dimension, int items, int seed)
    {
        var options = new DiagLinUcbOptions(Alpha: 0.5, Epsilon: 0.2);
        var model = new SurfaceModel(dimension, options);
        var twin = new SurfaceModel(dimension, options);
        var random = new Random(seed);
        for (int j = 0; j < items; j++)
        {
            model.UpsertItem($"item-{j}");
            twin.UpsertItem($"item-{j}");
        }

        for (int u = 0; u < Math.Min(4 * items, 20_000); u++)
        {
            string id = $"item-{random.Next(items)}";
            FeatureVector context = Contexts.Random(random, dimension);
            double reward = random.NextDouble();
            model.Apply(id, context, reward);
            twin.Apply(id, context, reward);
        }

        return (model, twin);
    }
}
