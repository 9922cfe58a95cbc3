namespace BanditServe.Bandits.Tests.DiagLinUcb;

public sealed class LargeSparseDimensionTests
{
    [Fact]
    public void A_surface_of_dimension_2_pow_24_learns_and_ranks_in_memory_that_follows_the_data()
    {
        // Dense rows would need 2^24 coordinates × 24 bytes = 400 MB per item; 2,000 items must fit in a few MB.
        const int dimension = SurfaceModel.MaxDimension;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0));
        for (int j = 0; j < 2_000; j++)
        {
            model.UpsertItem($"item-{j}");
        }

        var random = new Random(11);
        for (int n = 0; n < 4_000; n++)
        {
            var named = Enumerable.Range(0, 6).Select(_ => new KeyValuePair<string, double>($"f{random.Next(100_000)}", 1.0));
            model.Apply($"item-{random.Next(2_000)}", FeatureVector.Named(named, dimension), random.NextDouble());
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        FeatureVector target = FeatureVector.Sparse([dimension - 1, 5], [1f, 1f], dimension);
        model.UpsertItem("learned");
        for (int n = 0; n < 10; n++)
        {
            model.Apply("learned", target, 1);
        }

        RankOutcome outcome = model.Rank(target, null, null, 1, 0);
        ItemState learned = model.GetItem("learned")!;

        Assert.True(allocated < 32L * 1024 * 1024, $"allocated {allocated / 1024 / 1024} MB");
        Assert.True(model.IsSparse);
        Assert.Null(learned.Theta);
        Assert.Equal([5, dimension - 1], learned.Sparse!.Indices);
        Assert.Equal([11.0, 11.0], learned.Sparse.Precision);
        Assert.Equal("learned", Assert.Single(outcome.Items).ItemId);
    }
}
