using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>Where the join looks up a surface's reward window; implemented by the composition root.</summary>
public interface ISurfaceDirectory
{
    /// <summary>The join settings of <paramref name="surface"/>, or <see langword="false"/> when the surface is unknown.</summary>
    bool TryGetSurface(string surface, out SurfaceJoinSettings settings);

    /// <summary>
    /// Whether this server knows the decision's surface and every item it shows. A decision made by another
    /// replica may name a surface or an item created there a moment ago; the consumer then calls
    /// <see cref="RefreshAsync"/> before it joins the decision. Called on the consumer thread for every decision.
    /// </summary>
    bool Knows(DecisionMessage decision) => TryGetSurface(decision.Surface, out _);

    /// <summary>
    /// Brings what this server knows of <paramref name="surface"/> (the surface and its items) in line with
    /// the durable catalog. When it completes, a surface <see cref="TryGetSurface"/> still does not know does
    /// not exist. Throws when the catalog cannot be read (store down, <paramref name="cancellationToken"/>
    /// cancelled); the consumer then holds the decision and retries rather than dead-letter it.
    /// </summary>
    Task RefreshAsync(string surface, CancellationToken cancellationToken) => Task.CompletedTask;
}
