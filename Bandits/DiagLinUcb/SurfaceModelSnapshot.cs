namespace BanditServe.Bandits;

/// <summary>
/// A whole Diag-LinUCB model as plain data (records and arrays), for JSON export and import over
/// HTTP and for warm starts built offline.
/// </summary>
/// <param name="Dimension">The context dimension (1 to <see cref="SurfaceModel.MaxDimension"/>).</param>
/// <param name="Options">The policy parameters.</param>
/// <param name="ModelVersion">The version of the model when it was exported.</param>
/// <param name="Items">Every item, in the order they were added.</param>
/// <remarks>
/// Statistics are stored as excess over the prior (<c>SumSquares</c>, <c>SumRewards</c>) so an
/// export and import round trip is exact; a coordinate that is absent sits at the prior.
/// </remarks>
public sealed record SurfaceModelSnapshot(int Dimension, DiagLinUcbOptions Options, long ModelVersion, IReadOnlyList<ItemSnapshot> Items);
