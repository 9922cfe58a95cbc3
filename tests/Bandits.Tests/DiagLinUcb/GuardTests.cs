namespace BanditServe.Bandits.Tests.DiagLinUcb;

/// <summary>Bad input is refused at the boundary and never reaches the statistics.</summary>
public sealed class GuardTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Apply_with_a_non_finite_reward_is_refused_and_changes_nothing(double reward)
    {
        (SurfaceModel model, byte[] before) = Trained(4);

        var error = Assert.Throws<BanditArgumentException>(() => model.Apply("a", Contexts.Dense(1f, 0f, 2f, 0f), reward));

        Assert.Equal("reward", error.Field);
        Assert.Equal(before, model.ToBytes());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(10_000)]
    public void Apply_whose_statistics_would_overflow_is_refused_and_changes_nothing(int dimension)
    {
        (SurfaceModel model, byte[] before) = Trained(dimension);

        var error = Assert.Throws<BanditArgumentException>(() => model.Apply("a", FeatureVector.Sparse([0, 1], [1f, 1e20f], dimension), 1e300));

        Assert.Equal("reward", error.Field);
        Assert.Equal(before, model.ToBytes());
    }

    [Fact]
    public void Apply_with_wrong_dimension_is_refused_and_changes_nothing()
    {
        (SurfaceModel model, byte[] before) = Trained(4);

        var error = Assert.Throws<BanditArgumentException>(() => model.Apply("a", Contexts.Dense(1f, 1f), 1));

        Assert.Equal("features", error.Field);
        Assert.Equal(before, model.ToBytes());
    }

    [Theory]
    [InlineData(-0.1, 0.05, 1, 1, "alpha")]
    [InlineData(double.NaN, 0.05, 1, 1, "alpha")]
    [InlineData(1, 1, 1, 1, "epsilon")]
    [InlineData(1, -0.01, 1, 1, "epsilon")]
    [InlineData(1, 0.05, 0, 1, "ridge")]
    [InlineData(1, 0.05, double.PositiveInfinity, 1, "ridge")]
    [InlineData(1, 0.05, 1, 0, "forgetting")]
    [InlineData(1, 0.05, 1, 1.01, "forgetting")]
    public void Options_out_of_range_are_refused_naming_the_field(double alpha, double epsilon, double ridge, double forgetting, string field)
    {
        var options = new DiagLinUcbOptions(alpha, epsilon, ridge, forgetting);

        Assert.Equal(field, Assert.Throws<BanditArgumentException>(() => options.Validate()).Field);
        Assert.Equal(field, Assert.Throws<BanditArgumentException>(() => new SurfaceModel(2, options)).Field);
    }

    [Fact]
    public void Setting_invalid_options_keeps_the_previous_ones()
    {
        var model = new SurfaceModel(2, new DiagLinUcbOptions());

        Assert.Throws<BanditArgumentException>(() => model.Options = new DiagLinUcbOptions(Epsilon: 2));

        Assert.Equal(new DiagLinUcbOptions(), model.Options);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16_777_217)]
    public void A_model_dimension_outside_the_supported_range_is_refused(int dimension)
    {
        Assert.Equal("dimension", Assert.Throws<BanditArgumentException>(() => new SurfaceModel(dimension, new DiagLinUcbOptions())).Field);
    }

    private static (SurfaceModel Model, byte[] Bytes) Trained(int dimension)
    {
        var model = new SurfaceModel(dimension, new DiagLinUcbOptions(Forgetting: 0.9));
        model.UpsertItem("a");
        model.Apply("a", FeatureVector.Sparse([0, 2], [1f, 0.5f], dimension), 1);
        return (model, model.ToBytes());
    }
}
