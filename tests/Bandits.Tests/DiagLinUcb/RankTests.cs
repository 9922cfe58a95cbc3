namespace BanditServe.Bandits.Tests.DiagLinUcb;

public sealed class RankTests
{
    private static readonly DiagLinUcbOptions Greedy = new(Alpha: 1, Epsilon: 0);

    [Fact]
    public void Ties_break_by_item_id_ascending()
    {
        var model = new SurfaceModel(2, Greedy);
        foreach (string id in new[] { "zeta", "alpha", "Mid", "beta" })
        {
            model.UpsertItem(id);
        }

        IReadOnlyList<RankedItem> ranked = model.Rank(Contexts.Dense(1f, 0f), null, null, 4, 0).Items;

        Assert.Equal(["Mid", "alpha", "beta", "zeta"], ranked.Select(r => r.ItemId));
    }

    [Fact]
    public void Unknown_and_inactive_candidates_are_reported_and_not_placed()
    {
        var model = new SurfaceModel(1, Greedy);
        model.UpsertItem("a");
        model.UpsertItem("b");
        model.UpsertItem("off", active: false);

        RankOutcome outcome = model.Rank(Contexts.Dense(1f), ["ghost", "a", "off", "b", "a"], null, 10, 0);

        Assert.Equal(["ghost", "off"], outcome.UnknownCandidates);
        Assert.Equal(["a", "b"], outcome.Items.Select(r => r.ItemId).Order());
    }

    [Fact]
    public void Excluded_items_are_never_placed()
    {
        var model = new SurfaceModel(1, new DiagLinUcbOptions(Epsilon: 0.9));
        foreach (string id in new[] { "a", "b", "c", "d" })
        {
            model.UpsertItem(id);
        }

        for (ulong seed = 0; seed < 200; seed++)
        {
            IReadOnlyList<RankedItem> all = model.Rank(Contexts.Dense(1f), null, ["b", "nobody"], 4, seed).Items;
            IReadOnlyList<RankedItem> listed = model.Rank(Contexts.Dense(1f), ["a", "b", "c"], new HashSet<string> { "c" }, 4, seed).Items;

            Assert.Equal(3, all.Count);
            Assert.DoesNotContain(all, r => r.ItemId == "b");
            Assert.Equal(["a", "b"], listed.Select(r => r.ItemId).Order());
        }
    }

    [Fact]
    public void Slots_are_clamped_to_the_candidates_and_must_be_positive()
    {
        var model = new SurfaceModel(1, Greedy);
        model.UpsertItem("only");

        Assert.Single(model.Rank(Contexts.Dense(1f), null, null, 100, 0).Items);
        var error = Assert.Throws<BanditArgumentException>(() => model.Rank(Contexts.Dense(1f), null, null, 0, 0));
        Assert.Equal("slots", error.Field);
    }

    [Fact]
    public void Rank_with_no_candidates_places_nothing()
    {
        var model = new SurfaceModel(1, Greedy);

        RankOutcome outcome = model.Rank(Contexts.Dense(1f), null, null, 3, 0);

        Assert.Empty(outcome.Items);
        Assert.Empty(outcome.UnknownCandidates);
    }

    [Fact]
    public void Rank_with_wrong_dimension_is_refused()
    {
        var model = new SurfaceModel(3, Greedy);
        model.UpsertItem("a");

        Assert.Equal("features", Assert.Throws<BanditArgumentException>(() => model.Rank(Contexts.Dense(1f, 2f), null, null, 1, 0)).Field);
        Assert.Equal("features", Assert.Throws<BanditArgumentException>(() => model.Rank(default, null, null, 1, 0)).Field);
    }

    [Fact]
    public void Rank_counts_impressions_of_placed_items_and_records_when_they_were_shown()
    {
        var model = new SurfaceModel(1, Greedy);
        model.UpsertItem("a");
        model.UpsertItem("b");
        model.UpsertItem("c");
        var shownAt = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        model.Rank(Contexts.Dense(1f), null, null, 2, 0, shownAt);
        model.Rank(Contexts.Dense(1f), ["a"], null, 1, 0);

        Assert.Equal(2, model.GetItem("a")!.Impressions);
        Assert.Equal(1, model.GetItem("b")!.Impressions);
        Assert.Equal(0, model.GetItem("c")!.Impressions);
        Assert.Equal(shownAt, model.GetItem("a")!.LastShownAt);
        Assert.Null(model.GetItem("c")!.LastShownAt);
    }

    [Fact]
    public void Deactivated_items_leave_the_ranking_and_reactivation_brings_them_back_with_their_statistics()
    {
        var model = new SurfaceModel(1, Greedy);
        model.UpsertItem("a");
        model.UpsertItem("b");
        model.Apply("a", Contexts.Dense(1f), 1);

        Assert.True(model.DeactivateItem("a"));
        Assert.False(model.DeactivateItem("ghost"));
        Assert.Equal(["b"], model.Rank(Contexts.Dense(1f), null, null, 5, 0).Items.Select(r => r.ItemId));
        Assert.Equal(1, model.ActiveItemCount);
        Assert.False(model.IsActive("a"));
        Assert.True(model.ContainsItem("a"));

        Assert.False(model.UpsertItem("a", active: true));
        Assert.Equal(2, model.ActiveItemCount);
        Assert.Equal(0.5, model.GetItem("a")!.Theta![0]);
        Assert.Equal(["a", "b"], model.ItemIds(activeOnly: true));
    }

    [Fact]
    public void Version_bumps_on_updates_and_item_changes_but_not_on_ranking()
    {
        var model = new SurfaceModel(1, Greedy);
        long v0 = model.Version;
        model.UpsertItem("a");
        long v1 = model.Version;
        model.Apply("a", Contexts.Dense(1f), 1);
        long v2 = model.Version;
        RankOutcome outcome = model.Rank(Contexts.Dense(1f), null, null, 1, 0);
        model.DeactivateItem("a");
        long v3 = model.Version;

        Assert.True(v0 < v1 && v1 < v2 && v2 < v3);
        Assert.Equal(v2, outcome.ModelVersion);
        Assert.False(model.Apply("ghost", Contexts.Dense(1f), 1));
        Assert.Equal(v3, model.Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/no")]
    public void Item_ids_outside_the_contract_are_refused(string itemId)
    {
        var model = new SurfaceModel(1, Greedy);
        Assert.Equal("itemId", Assert.Throws<BanditArgumentException>(() => model.UpsertItem(itemId)).Field);
        Assert.Equal(0, model.ItemCount);
    }

    [Fact]
    public void Large_catalogs_scored_in_parallel_return_the_true_top_k()
    {
        // 20,000 items × d = 32 crosses the parallel threshold; compare with the float64 reference.
        var random = new Random(5);
        const int dimension = 32;
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 0.3, Epsilon: 0));
        for (int j = 0; j < 20_000; j++)
        {
            model.UpsertItem($"item-{j}");
            model.Apply($"item-{j}", Contexts.Random(random, dimension, density: 0.3), random.NextDouble());
        }

        FeatureVector context = Contexts.Random(random, dimension);
        IReadOnlyList<RankedItem> ranked = model.Rank(context, null, null, 50, 0).Items;

        double[] reference = [.. ranked.Select(r => Score(model.GetItem(r.ItemId)!, context))];
        double cutoff = model.ItemIds(activeOnly: true).Select(id => Score(model.GetItem(id)!, context)).OrderDescending().ElementAt(49);
        for (int k = 0; k < reference.Length; k++)
        {
            Assert.True(reference[k] >= cutoff - 1e-5, $"slot {k} scores {reference[k]} below the 50th best {cutoff}");
            Assert.True(k == 0 || reference[k] <= reference[k - 1] + 1e-5, $"slot {k} outranks slot {k - 1}");
        }

        static double Score(ItemState item, FeatureVector context)
        {
            (double mean, double uncertainty) = Contexts.Reference(item, context, 1);
            return mean + (0.3 * uncertainty);
        }
    }

    [Fact]
    public void Rankings_are_the_same_whether_a_large_catalog_is_scored_in_chunks_alone_or_in_one_piece_under_concurrency()
    {
        // A lone ranking splits 20,000 × d32 into parallel chunks; rankings running alongside as many others as
        // there are cores score in one piece. Both must place the same items with the same numbers.
        var random = new Random(11);
        const int dimension = 32;
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 0.5, Epsilon: 0.2));
        for (int j = 0; j < 20_000; j++)
        {
            model.UpsertItem($"item-{j}");
            model.Apply($"item-{j}", Contexts.Random(random, dimension, density: 0.5), random.NextDouble());
        }

        FeatureVector[] contexts = [.. Enumerable.Range(0, 16).Select(_ => Contexts.Random(random, dimension))];
        string[] alone = [.. contexts.Select((context, i) => Describe(model.Rank(context, null, null, 10, (ulong)i)))];

        var together = new string[contexts.Length * 8];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
            together[n] = Describe(model.Rank(contexts[n % contexts.Length], null, null, 10, (ulong)(n % contexts.Length))));

        for (int n = 0; n < together.Length; n++)
        {
            Assert.Equal(alone[n % contexts.Length], together[n]);
        }

        static string Describe(RankOutcome outcome) => string.Join(
            ";", outcome.Items.Select(item => FormattableString.Invariant($"{item.ItemId}@{item.Slot}:{item.Score:R}/{item.Propensity:R}")));
    }

    [Fact]
    public void A_whole_catalog_ranking_over_shared_rows_is_unchanged_by_rankings_that_list_their_candidates()
    {
        // Whole catalogs with every item active rank the shared rows 0..n−1; rankings with a retired item, an exclusion or
        // a candidate list rent and fill arrays of the same size. If the shared rows ever went back to the pool, those
        // rankings would overwrite them and the first model's ranking would change.
        var random = new Random(21);
        SurfaceModel Trained(int items)
        {
            var model = new SurfaceModel(8, new DiagLinUcbOptions(Alpha: 0.5, Epsilon: 0));
            for (int j = 0; j < items; j++)
            {
                model.UpsertItem($"item-{j}");
                model.Apply($"item-{j}", Contexts.Random(random, 8), random.NextDouble());
            }

            return model;
        }

        SurfaceModel whole = Trained(1000);
        SurfaceModel retired = Trained(1000);
        Assert.True(retired.DeactivateItem("item-0"));
        FeatureVector context = Contexts.Random(random, 8);
        string before = Describe(whole.Rank(context, null, null, 10, 1));
        for (int n = 0; n < 20; n++)
        {
            Assert.DoesNotContain(retired.Rank(context, null, null, 1000, (ulong)n).Items, item => item.ItemId == "item-0");
            whole.Rank(context, null, ["item-3"], 10, (ulong)n);
            Assert.Equal(before, Describe(whole.Rank(context, null, null, 10, 1)));
        }

        // Every item is placed once when the slots cover the catalog.
        Assert.Equal(1000, whole.Rank(context, null, null, 1000, 2).Items.Select(item => item.ItemId).Distinct().Count());

        static string Describe(RankOutcome outcome) => string.Join(";", outcome.Items.Select(item => FormattableString.Invariant($"{item.ItemId}:{item.Score:R}")));
    }

    [Fact]
    public void A_ridge_change_republishes_every_row()
    {
        var model = new SurfaceModel(2, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0, Ridge: 1));
        model.UpsertItem("a");
        model.Apply("a", Contexts.Dense(1f, 0f), 1);

        model.Options = model.Options with { Ridge = 3 };

        RankedItem ranked = Assert.Single(model.Rank(Contexts.Dense(1f, 1f), null, null, 1, 0).Items);
        Assert.Equal(0.25, ranked.Mean, 1e-7);
        Assert.Equal(Math.Sqrt((1 / 4.0) + (1 / 3.0)), ranked.Uncertainty, 1e-7);
        Assert.Equal([4.0, 3.0], model.GetItem("a")!.Precision!);
    }
}
