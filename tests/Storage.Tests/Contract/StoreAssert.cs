namespace BanditServe.Storage.Tests;

/// <summary>Content comparisons for records that hold arrays (records compare arrays by reference).</summary>
public static class StoreAssert
{
    public static void DecisionEqual(DecisionRecord expected, DecisionRecord actual)
    {
        Assert.Equal(expected.EventId, actual.EventId);
        Assert.Equal(expected.Surface, actual.Surface);
        Assert.Equal(expected.At, actual.At);
        Assert.Equal(TimeSpan.Zero, actual.At.Offset);
        Assert.Equal(expected.Policy, actual.Policy);
        Assert.Equal(expected.ModelVersion, actual.ModelVersion);
        Assert.Equal(expected.Features, actual.Features);
        Assert.Equal(expected.SparseFeatures?.Indices, actual.SparseFeatures?.Indices);
        Assert.Equal(expected.SparseFeatures?.Values, actual.SparseFeatures?.Values);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Items, actual.Items);
    }
}
