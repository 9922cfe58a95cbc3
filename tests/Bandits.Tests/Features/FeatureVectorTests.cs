using System.Text;

namespace BanditServe.Bandits.Tests.Features;

public sealed class FeatureVectorTests
{
    [Fact]
    public void Dense_with_wrong_length_is_refused_naming_features()
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Dense([1f, 2f], 3));
        Assert.Equal("features", error.Field);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Dense_with_a_non_finite_value_is_refused_naming_its_index(float bad)
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Dense([1f, 0f, bad, 4f], 4));
        Assert.Equal("features[2]", error.Field);
    }

    [Fact]
    public void Dense_from_doubles_refuses_values_that_overflow_a_float()
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Dense([1.0, 1e300], 2));
        Assert.Equal("features[1]", error.Field);
    }

    [Fact]
    public void Sparse_sorts_pairs_by_index()
    {
        var vector = FeatureVector.Sparse([7, 2, 5], [0.7f, 0.2f, 0.5f], 10);

        Assert.True(vector.IsSparse);
        Assert.Equal([2, 5, 7], vector.Indices.ToArray());
        Assert.Equal([0.2f, 0.5f, 0.7f], vector.Values.ToArray());
        Assert.Equal([0f, 0f, 0.2f, 0f, 0f, 0.5f, 0f, 0.7f, 0f, 0f], vector.ToDense());
    }

    [Fact]
    public void Sparse_with_a_repeated_index_is_refused()
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Sparse([3, 1, 3], [1f, 1f, 1f], 10));
        Assert.Equal("sparseFeatures.indices", error.Field);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void Sparse_with_an_index_out_of_range_is_refused(int index)
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Sparse([0, index], [1f, 1f], 10));
        Assert.Equal("sparseFeatures.indices[1]", error.Field);
    }

    [Fact]
    public void Sparse_with_a_non_finite_value_is_refused()
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Sparse([0, 1], [1f, float.NaN], 10));
        Assert.Equal("sparseFeatures.values[1]", error.Field);
    }

    [Fact]
    public void Sparse_with_mismatched_lengths_is_refused()
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Sparse([0, 1], [1f], 10));
        Assert.Equal("sparseFeatures", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16_777_217)]
    public void A_dimension_outside_the_supported_range_is_refused(int dimension)
    {
        var error = Assert.Throws<BanditArgumentException>(() => FeatureVector.Sparse([], ReadOnlySpan<float>.Empty, dimension));
        Assert.Equal("dimension", error.Field);
    }

    [Fact]
    public void Named_features_land_in_the_murmur_bucket_with_the_murmur_sign()
    {
        const int dimension = 1000;
        string[] names = ["country=de", "hour", "device=ios", "a", "b", "c", "d", "e", "f", "g", "h"];
        var vector = FeatureVector.Named(names.Select(n => new KeyValuePair<string, double>(n, 0.5)), dimension);

        float[] dense = vector.ToDense();
        var expected = new double[dimension];
        foreach (string name in names)
        {
            uint hash = MurmurHash3.Hash32(Encoding.UTF8.GetBytes(name));
            expected[hash % dimension] += (hash >> 31) == 1 ? -0.5 : 0.5;
        }

        Assert.Contains(names, n => (MurmurHash3.Hash32(Encoding.UTF8.GetBytes(n)) >> 31) == 1);
        for (int c = 0; c < dimension; c++)
        {
            Assert.Equal((float)expected[c], dense[c]);
        }
    }

    [Fact]
    public void Named_features_that_collide_are_summed()
    {
        // With dimension 1 every name collides; the signs come from bit 31 of each hash.
        double expected = 0;
        (string Name, double Value)[] features = [("x", 0.25), ("hour", 2), ("country=de", -1)];
        foreach ((string name, double value) in features)
        {
            expected += (MurmurHash3.Hash32(Encoding.UTF8.GetBytes(name)) >> 31) == 1 ? -value : value;
        }

        var vector = FeatureVector.Named(features.Select(f => new KeyValuePair<string, double>(f.Name, f.Value)), 1);

        Assert.Equal([(float)expected], vector.ToDense());
    }

    [Fact]
    public void Named_feature_with_a_non_finite_value_is_refused_naming_it()
    {
        var error = Assert.Throws<BanditArgumentException>(
            () => FeatureVector.Named([new KeyValuePair<string, double>("hour", double.PositiveInfinity)], 16));
        Assert.Equal("namedFeatures.hour", error.Field);
    }

    [Fact]
    public void Bucket_uses_hash_modulo_dimension_and_bit_31_for_the_sign()
    {
        Assert.Equal((3, 1.0), FeatureVector.Bucket(0x0000_0013u, 16));
        Assert.Equal((0, -1.0), FeatureVector.Bucket(0x8000_0000u, 16));
        Assert.Equal((int)(0xFFFF_FFFFu % 1000u), FeatureVector.Bucket(0xFFFF_FFFFu, 1000).Bucket);
    }
}
