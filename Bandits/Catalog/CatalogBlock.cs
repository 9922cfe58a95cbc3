namespace BanditServe.Bandits;

/// <summary>A fixed-size slab of item metadata, structure-of-arrays by row.</summary>
internal sealed class CatalogBlock(int size)
{
    public readonly string[] Ids = new string[size];
    public readonly UInt128[] IdOrderKeys = new UInt128[size];
    public readonly int[] Active = new int[size];
    public readonly long[] Impressions = new long[size];
    public readonly long[] RewardsApplied = new long[size];
    public readonly double[] RewardSums = new double[size];
    public readonly long[] LastShownTicks = new long[size];
}
