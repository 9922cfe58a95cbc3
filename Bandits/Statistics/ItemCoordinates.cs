namespace BanditServe.Bandits.Statistics;

/// <summary>The coordinates of one item that left the prior, ascending, with their float64 excess statistics.</summary>
internal sealed record ItemCoordinates(int[] Indices, double[] SumSquares, double[] SumRewards);
