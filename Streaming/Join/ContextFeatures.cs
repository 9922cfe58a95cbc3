using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>
/// The context of a decision as it travels with a joined example: dense, sparse, or none
/// (surfaces whose policy needs no context).
/// </summary>
/// <param name="Dense">The dense vector, or <see langword="null"/>.</param>
/// <param name="Sparse">The sparse vector, or <see langword="null"/>; never both.</param>
public sealed record ContextFeatures(float[]? Dense, SparseFeatureVector? Sparse)
{
    /// <summary>No context.</summary>
    public static ContextFeatures None { get; } = new(null, null);
}
