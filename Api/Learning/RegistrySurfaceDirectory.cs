using BanditServe.Api.Surfaces;
using BanditServe.Streaming.Join;

namespace BanditServe.Api.Learning;

/// <summary>Tells the reward join each surface's reward window and default reward.</summary>
public sealed class RegistrySurfaceDirectory(SurfaceRegistry registry) : ISurfaceDirectory
{
    public bool TryGetSurface(string surface, out SurfaceJoinSettings settings)
    {
        if (registry.TryGet(surface, out var runtime))
        {
            var s = runtime.Settings;
            settings = new SurfaceJoinSettings(TimeSpan.FromSeconds(s.RewardWindowSeconds), s.DefaultReward);
            return true;
        }

        settings = null!;
        return false;
    }
}
