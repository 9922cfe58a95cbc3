using BanditServe.Streaming.Join;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>
/// A surface directory (test double of our own port) in front of a "shared store": surfaces this replica knows,
/// surfaces only the store has (created on another replica), and a switch that makes the store unavailable.
/// </summary>
internal sealed class CatalogBackedSurfaceDirectory(Dictionary<string, SurfaceJoinSettings> known, Dictionary<string, SurfaceJoinSettings> stored) : ISurfaceDirectory
{
    private readonly Lock _gate = new();
    private int _refreshes;
    private volatile bool _storeDown;

    /// <summary>Whether the store answers; while it does not, <see cref="RefreshAsync"/> throws.</summary>
    public bool StoreDown
    {
        get => _storeDown;
        set => _storeDown = value;
    }

    /// <summary>How many times the consumer asked the store.</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    public bool TryGetSurface(string surface, out SurfaceJoinSettings settings)
    {
        lock (_gate)
        {
            return known.TryGetValue(surface, out settings!);
        }
    }

    public Task RefreshAsync(string surface, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _refreshes);
        if (_storeDown)
        {
            throw new TimeoutException("the catalog store does not answer");
        }

        lock (_gate)
        {
            if (stored.TryGetValue(surface, out var settings))
            {
                known[surface] = settings;
            }
        }

        return Task.CompletedTask;
    }
}
