namespace BanditServe.Streaming.Messages;

/// <summary>A sparse context vector: unique <see cref="Indices"/> with their <see cref="Values"/>.</summary>
public sealed record SparseFeatureVector
{
    /// <summary>Coordinates, unique, non-negative.</summary>
    public required int[] Indices { get; init; }

    /// <summary>Values at <see cref="Indices"/>, same length.</summary>
    public required float[] Values { get; init; }
}
