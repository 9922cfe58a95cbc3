using BanditServe.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Picks up catalog changes that other replicas made in the shared store (surfaces created, changed
/// or deleted, items added or deactivated) every <see cref="ServerOptions.CatalogRefreshSeconds"/>.
/// </summary>
public sealed class CatalogSyncService(
    SurfaceAdministration administration,
    SurfaceCatalogLoader loader,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<CatalogSyncService> logger) : BackgroundService
{
    /// <summary>Replica clocks differ; re-reading a margin of recent changes is cheap because applying them is idempotent.</summary>
    private static readonly TimeSpan ClockSkewMargin = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.CatalogRefreshSeconds;
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        var since = time.GetUtcNow() - ClockSkewMargin;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!loader.Loaded)
            {
                continue;
            }

            var started = time.GetUtcNow();
            try
            {
                var changes = await administration.SyncFromStoreAsync(since - ClockSkewMargin, stoppingToken);
                if (changes > 0)
                {
                    Log.CatalogSynced(logger, changes);
                }

                since = started;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be down; rank goes on with the catalog it has and the next tick retries.
                Log.CatalogSyncFailed(logger, ex.Message);
            }
        }
    }
}
