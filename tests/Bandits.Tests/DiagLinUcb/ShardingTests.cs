namespace BanditServe.Bandits.Tests.DiagLinUcb;

/// <summary>ALGORITHMS.md 2.13 O3: the statistics are sums, so order and sharding do not change them.</summary>
public sealed class ShardingTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(1_000_000)]
    public void O3_sequential_shuffled_and_eight_sharded_streams_agree_to_1e_12(int dimension)
    {
        // Arrange: 10^5 events over 20 items, sparse contexts over 16 coordinates, Bernoulli rewards.
        var random = new Random(31337);
        var events = new (string Item, FeatureVector Context, double Reward)[100_000];
        for (int e = 0; e < events.Length; e++)
        {
            int[] indices = [.. Enumerable.Range(0, 16).Where(_ => random.NextDouble() < 0.25).Select(c => c * (dimension / 16))];
            float[] weights = [.. indices.Select(_ => (float)random.NextDouble())];
            events[e] = ($"i{random.Next(20)}", FeatureVector.Sparse(indices, weights, dimension), random.NextDouble() < 0.3 ? 1 : 0);
        }

        // Act
        SurfaceModelSnapshot sequential = Learn(dimension, events).Export();
        var shuffled = ((string, FeatureVector, double)[])events.Clone();
        random.Shuffle(shuffled);
        SurfaceModelSnapshot reordered = Learn(dimension, shuffled).Export();
        SurfaceModelSnapshot[] shards = [.. Enumerable.Range(0, 8).Select(s => Learn(dimension, events.Where((_, e) => e % 8 == s)).Export())];

        // Assert
        foreach (ItemSnapshot item in sequential.Items)
        {
            AssertClose(item, reordered.Items.Single(i => i.ItemId == item.ItemId).SumSquares, reordered.Items.Single(i => i.ItemId == item.ItemId).SumRewards, reordered.Items.Single(i => i.ItemId == item.ItemId).Indices);
            var summedSquares = new Dictionary<int, double>();
            var summedRewards = new Dictionary<int, double>();
            foreach (ItemSnapshot shard in shards.SelectMany(s => s.Items).Where(i => i.ItemId == item.ItemId))
            {
                for (int k = 0; k < shard.Indices.Length; k++)
                {
                    summedSquares[shard.Indices[k]] = summedSquares.GetValueOrDefault(shard.Indices[k]) + shard.SumSquares[k];
                    summedRewards[shard.Indices[k]] = summedRewards.GetValueOrDefault(shard.Indices[k]) + shard.SumRewards[k];
                }
            }

            int[] indices = [.. summedSquares.Keys.Order()];
            AssertClose(item, [.. indices.Select(c => summedSquares[c])], [.. indices.Select(c => summedRewards[c])], indices);
        }
    }

    private static SurfaceModel Learn(int dimension, IEnumerable<(string Item, FeatureVector Context, double Reward)> events)
    {
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions());
        for (int j = 0; j < 20; j++)
        {
            model.UpsertItem($"i{j}");
        }

        foreach ((string item, FeatureVector context, double reward) in events)
        {
            model.Apply(item, context, reward);
        }

        return model;
    }

    private static void AssertClose(ItemSnapshot expected, double[] sumSquares, double[] sumRewards, int[] indices)
    {
        Assert.Equal(expected.Indices, indices);
        for (int k = 0; k < indices.Length; k++)
        {
            Assert.True(Math.Abs(expected.SumSquares[k] - sumSquares[k]) <= 1e-12 * Math.Abs(expected.SumSquares[k]), $"{expected.ItemId}[{indices[k]}] S2");
            Assert.True(Math.Abs(expected.SumRewards[k] - sumRewards[k]) <= 1e-12 * Math.Abs(expected.SumRewards[k]), $"{expected.ItemId}[{indices[k]}] SR");
        }
    }
}
