namespace BanditServe.Bandits;

/// <summary>The coordinates of an item that left the prior, for dimensions above <see cref="SurfaceModel.DenseDimensionLimit"/>.</summary>
/// <param name="Indices">Ascending coordinate indices.</param>
/// <param name="Theta"><c>b / precision</c> per coordinate.</param>
/// <param name="Precision"><c>ridge + Σ x²</c> per coordinate.</param>
public sealed record SparseCoordinates(int[] Indices, double[] Theta, double[] Precision);
