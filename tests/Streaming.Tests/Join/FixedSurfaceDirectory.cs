using BanditServe.Streaming.Join;

namespace BanditServe.Streaming.Tests.Join;

/// <summary>A surface directory over a fixed table (a test double of our own interface).</summary>
internal sealed class FixedSurfaceDirectory(Dictionary<string, SurfaceJoinSettings> surfaces) : ISurfaceDirectory
{
    public bool TryGetSurface(string surface, out SurfaceJoinSettings settings) =>
        surfaces.TryGetValue(surface, out settings!);
}
