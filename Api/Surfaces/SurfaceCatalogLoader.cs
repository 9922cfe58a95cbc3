using BanditServe.Storage;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Loads the durable catalog (surfaces and items) into the registry at start, before the Kafka
/// consumer restores the models from the newest checkpoint and resumes from its offsets.
/// </summary>
public sealed class SurfaceCatalogLoader(IBanditStore store, SurfaceRegistry registry, SurfaceAdministration administration, ILogger<SurfaceCatalogLoader> logger) : IHostedService
{
    private volatile bool _loaded;

    /// <summary>True once the catalog is in memory (part of readiness).</summary>
    public bool Loaded => _loaded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        var items = 0;
        foreach (var record in await store.ListSurfacesAsync(cancellationToken))
        {
            var runtime = await administration.LoadRuntimeAsync(record, cancellationToken);
            runtime.ExpectCheckpointRestore();
            items += runtime.ItemCount;
            registry.Set(runtime);
        }

        Log.SurfacesLoaded(logger, registry.Count, items);
        _loaded = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
