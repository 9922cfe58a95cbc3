namespace BanditServe.Bandits.Tests.DiagLinUcb;

/// <summary>The hand oracles of ALGORITHMS.md 2.13 and the forgetting semantics of 2.5 / API.md.</summary>
public sealed class DiagLinUcbOracleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(100_000)]
    public void O1_one_hot_edge_after_rewards_1_0_1_has_ucb_1(int dimension)
    {
        // Arrange: lambda = 1, alpha = 1, epsilon = 0 so the ranking is pure UCB.
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0, Ridge: 1));
        model.UpsertItem("j");
        FeatureVector context = FeatureVector.Sparse([0], [1f], dimension);

        // Act
        foreach (double reward in new[] { 1.0, 0.0, 1.0 })
        {
            Assert.True(model.Apply("j", context, reward));
        }

        RankedItem ranked = Assert.Single(model.Rank(context, null, null, 1, 0).Items);
        ItemState item = model.GetItem("j")!;

        // Assert: d = 4, b = 2, theta = 0.5, unc = 0.5, UCB = 1.0.
        double precision = dimension > SurfaceModel.DenseDimensionLimit ? item.Sparse!.Precision[0] : item.Precision![0];
        double theta = dimension > SurfaceModel.DenseDimensionLimit ? item.Sparse!.Theta[0] : item.Theta![0];
        Assert.Equal(4.0, precision);
        Assert.Equal(0.5, theta);
        Assert.Equal(0.5, ranked.Mean, 1e-7);
        Assert.Equal(0.5, ranked.Uncertainty, 1e-7);
        Assert.Equal(1.0, ranked.Score, 1e-7);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(2, true)]
    [InlineData(50_000, true)]
    public void O2_overlapping_context_matches_the_diag_oracle(int dimension, bool sparseContext)
    {
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0, Ridge: 1));
        model.UpsertItem("j");
        FeatureVector context = sparseContext
            ? FeatureVector.Sparse([0, 1], [0.6f, 0.8f], dimension)
            : FeatureVector.Dense([0.6f, 0.8f], dimension);

        RankedItem fresh = Assert.Single(model.Rank(context, null, null, 1, 0).Items);
        Assert.Equal(0.0, fresh.Mean);
        Assert.Equal(1.0, fresh.Score, 1e-6);

        model.Apply("j", context, 1.0);
        RankedItem learned = Assert.Single(model.Rank(context, null, null, 1, 0).Items);

        // d = (1.36, 1.64), b = (0.6, 0.8): mean 0.654950, unc 0.809290, UCB 1.464239 (oracle_check.py).
        Assert.Equal(0.654950, learned.Mean, 1e-6);
        Assert.Equal(0.809290, learned.Uncertainty, 1e-6);
        Assert.Equal(1.464239, learned.Score, 1e-6);
    }

    [Fact]
    public void A_new_item_starts_at_the_prior()
    {
        var model = new SurfaceModel(3, new DiagLinUcbOptions(Ridge: 2));
        Assert.True(model.UpsertItem("fresh"));

        ItemState item = model.GetItem("fresh")!;

        Assert.Equal([0.0, 0.0, 0.0], item.Theta!);
        Assert.Equal([2.0, 2.0, 2.0], item.Precision!);
        Assert.Equal(0, item.RewardsApplied);
        Assert.Equal(0.0, item.MeanReward);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(70_000)]
    public void Forgetting_halves_the_excess_statistics_before_each_update(int dimension)
    {
        // Two events on coordinate 0 with f = 0.5 reproduce O4's numbers: S2 = 1.5, SR = 0.5, d = 2.5, theta = 0.2.
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Epsilon: 0, Ridge: 1, Forgetting: 0.5));
        model.UpsertItem("j");
        FeatureVector first = FeatureVector.Sparse([0], [1f], dimension);

        model.Apply("j", first, 1);
        model.Apply("j", first, 0);

        (double precision, double theta) = Coordinate(model.GetItem("j")!, 0);
        Assert.Equal(2.5, precision, 1e-15);
        Assert.Equal(0.2, theta, 1e-15);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(70_000)]
    public void Forgetting_also_shrinks_coordinates_the_update_does_not_touch(int dimension)
    {
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Epsilon: 0, Ridge: 1, Forgetting: 0.5));
        model.UpsertItem("j");

        model.Apply("j", FeatureVector.Sparse([0], [1f], dimension), 1);
        model.Apply("j", FeatureVector.Sparse([3], [2f], dimension), 1);

        ItemState item = model.GetItem("j")!;
        (double precision0, double theta0) = Coordinate(item, 0);
        (double precision3, double theta3) = Coordinate(item, 3);
        Assert.Equal(1.5, precision0, 1e-15);
        Assert.Equal(0.5 / 1.5, theta0, 1e-15);
        Assert.Equal(5.0, precision3, 1e-15);
        Assert.Equal(2.0 / 5.0, theta3, 1e-15);
    }

    [Fact]
    public void Forgetting_of_one_keeps_every_example()
    {
        var model = new SurfaceModel(1, new DiagLinUcbOptions(Ridge: 1, Forgetting: 1));
        model.UpsertItem("j");
        for (int i = 0; i < 10; i++)
        {
            model.Apply("j", Contexts.Dense(1f), 1);
        }

        Assert.Equal(11.0, model.GetItem("j")!.Precision![0]);
        Assert.Equal(10.0 / 11.0, model.GetItem("j")!.Theta![0], 1e-15);
    }

    [Fact]
    public void O5_uncertainty_never_increases_after_an_update_on_its_coordinates()
    {
        var random = new Random(674386);
        var model = new SurfaceModel(6, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0));
        model.UpsertItem("j");
        for (int step = 0; step < 500; step++)
        {
            FeatureVector probe = Contexts.Random(random, 6, density: 0.5);
            double before = Assert.Single(model.Rank(probe, null, null, 1, 0).Items).Uncertainty;

            model.Apply("j", Contexts.Random(random, 6, density: 0.5), random.NextDouble());

            double after = Assert.Single(model.Rank(probe, null, null, 1, 0).Items).Uncertainty;
            Assert.True(after <= before + 1e-6, $"step {step}: uncertainty rose from {before} to {after}");
        }
    }

    [Fact]
    public void O5_with_alpha_zero_the_ranking_is_the_ranking_by_mean()
    {
        var random = new Random(20231);
        var model = new SurfaceModel(5, new DiagLinUcbOptions(Alpha: 0, Epsilon: 0));
        for (int j = 0; j < 12; j++)
        {
            model.UpsertItem($"item-{j:D2}");
            for (int n = 0; n < 20; n++)
            {
                model.Apply($"item-{j:D2}", Contexts.Random(random, 5), random.NextDouble());
            }
        }

        for (int trial = 0; trial < 50; trial++)
        {
            FeatureVector context = Contexts.Random(random, 5);
            IReadOnlyList<RankedItem> ranked = model.Rank(context, null, null, 12, (ulong)trial).Items;

            string[] byMean = [.. model.ItemIds(activeOnly: true).OrderByDescending(id => Contexts.Reference(model.GetItem(id)!, context, 1).Mean)];
            Assert.Equal(byMean, ranked.Select(r => r.ItemId));
            Assert.All(ranked, r => Assert.Equal(r.Mean, r.Score));
        }
    }

    [Fact]
    public void Scores_agree_with_the_float64_reference_for_dense_sparse_and_large_dimensions()
    {
        var random = new Random(99);
        foreach (int dimension in new[] { 1, 7, 33, 4096, 4097 })
        {
            var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 0.7, Epsilon: 0, Ridge: 0.5));
            int touched = Math.Min(dimension, 40);
            for (int j = 0; j < 5; j++)
            {
                model.UpsertItem($"i{j}");
                for (int n = 0; n < 30; n++)
                {
                    int[] indices = [.. Enumerable.Range(0, touched).Where(_ => random.NextDouble() < 0.5)];
                    float[] values = [.. indices.Select(_ => (float)(random.NextDouble() * 2 - 1))];
                    model.Apply($"i{j}", FeatureVector.Sparse(indices, values, dimension), random.NextDouble());
                }
            }

            int[] probeIndices = [.. Enumerable.Range(0, touched).Where(_ => random.NextDouble() < 0.7)];
            FeatureVector probe = FeatureVector.Sparse(probeIndices, [.. probeIndices.Select(_ => (float)random.NextDouble())], dimension);
            foreach (RankedItem ranked in model.Rank(probe, null, null, 5, 0).Items)
            {
                ItemState item = model.GetItem(ranked.ItemId)!;
                (double mean, double uncertainty) = dimension > SurfaceModel.DenseDimensionLimit
                    ? SparseReference(item, probe, 0.5)
                    : Contexts.Reference(item, probe, 0.5);
                Assert.Equal(mean, ranked.Mean, 1e-5);
                Assert.Equal(uncertainty, ranked.Uncertainty, 1e-5);
                Assert.Equal(mean + (0.7 * uncertainty), ranked.Score, 1e-5);
            }
        }
    }

    private static (double Mean, double Uncertainty) SparseReference(ItemState item, FeatureVector context, double ridge)
    {
        double mean = 0;
        double variance = 0;
        for (int k = 0; k < context.Indices.Length; k++)
        {
            int at = Array.BinarySearch(item.Sparse!.Indices, context.Indices[k]);
            double x = context.Values[k];
            mean += at >= 0 ? x * item.Sparse.Theta[at] : 0;
            variance += x * x / (at >= 0 ? item.Sparse.Precision[at] : ridge);
        }

        return (mean, Math.Sqrt(variance));
    }

    private static (double Precision, double Theta) Coordinate(ItemState item, int coordinate)
    {
        if (item.Sparse is { } sparse)
        {
            int at = Array.IndexOf(sparse.Indices, coordinate);
            return (sparse.Precision[at], sparse.Theta[at]);
        }

        return (item.Precision![coordinate], item.Theta![coordinate]);
    }
}
