using BanditServe.Api.Surfaces;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Messages;

namespace BanditServe.Api.Learning;

/// <summary>
/// Tells the reward join each surface's reward window and default reward, and brings a surface or item another
/// replica created a moment ago in from the shared store when a decision names it before the catalog sync does.
/// </summary>
public sealed class RegistrySurfaceDirectory(SurfaceRegistry registry, SurfaceAdministration administration) : ISurfaceDirectory
{
    public bool TryGetSurface(string surface, out SurfaceJoinSettings settings)
    {
        if (registry.TryGet(surface, out var runtime))
        {
            var s = runtime.Settings;
            settings = new SurfaceJoinSettings(TimeSpan.FromSeconds(s.RewardWindowSeconds), s.DefaultReward);
            return true;
        }

        settings = default;
        return false;
    }

    public bool Knows(DecisionMessage decision)
    {
        if (!registry.TryGet(decision.Surface, out var runtime))
        {
            return false;
        }

        // Without the item its rewards would be refused by the learner ("unknown item") and lost on this replica.
        foreach (var item in decision.Items)
        {
            if (!runtime.Catalog.ContainsKey(item.ItemId))
            {
                return false;
            }
        }

        return true;
    }

    public Task RefreshAsync(string surface, CancellationToken cancellationToken) =>
        administration.RefreshSurfaceFromStoreAsync(surface, cancellationToken);
}
