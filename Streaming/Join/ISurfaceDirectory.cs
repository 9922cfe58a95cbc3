namespace BanditServe.Streaming.Join;

/// <summary>Where the join looks up a surface's reward window; implemented by the composition root.</summary>
public interface ISurfaceDirectory
{
    /// <summary>The join settings of <paramref name="surface"/>, or <see langword="false"/> when the surface is unknown.</summary>
    bool TryGetSurface(string surface, out SurfaceJoinSettings settings);
}
