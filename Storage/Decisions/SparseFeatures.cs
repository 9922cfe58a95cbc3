namespace BanditServe.Storage;

/// <summary>A sparse context vector: parallel arrays of coordinate indices and values.</summary>
/// <param name="Indices">Coordinate indices, unique, each in <c>[0, dimension)</c>.</param>
/// <param name="Values">The value of each coordinate; same length as <paramref name="Indices"/>.</param>
public sealed record SparseFeatures(int[] Indices, float[] Values);
