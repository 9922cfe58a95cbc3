using BanditServe.Streaming.Join;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>The bench's one surface: a window longer than any run, no default reward (only posted rewards are learned).</summary>
internal sealed class BenchSurfaceDirectory : ISurfaceDirectory
{
    public const string Surface = "bench";

    private static readonly SurfaceJoinSettings Settings = new(TimeSpan.FromMinutes(10), null);

    public bool TryGetSurface(string surface, out SurfaceJoinSettings settings)
    {
        settings = Settings;
        return surface == Surface;
    }
}
