using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage;

/// <summary>
/// Migrates the schema as the host starts and keeps retrying with backoff while the database is unreachable; storage
/// reports degraded (component <c>migration</c>) until it succeeds. The store also migrates on first use, so nothing
/// depends on this service finishing first.
/// </summary>
/// <param name="store">The store migrated.</param>
/// <param name="health">Where the migration state is reported.</param>
/// <param name="options">Provider name and retry delays.</param>
/// <param name="timeProvider">The clock for retry delays.</param>
/// <param name="logger">Where failures are logged.</param>
public sealed class StorageMigrationService(
    IBanditStore store, StorageHealth health, IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<StorageMigrationService> logger)
    : BackgroundService
{
    private const string Component = "migration";

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        health.ReportFailure(Component, "the storage schema is not migrated yet");
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = settings.RetryInitialDelay;
        while (true)
        {
            try
            {
                await store.MigrateAsync(stoppingToken);
                health.ReportHealthy(Component);
                Log.Migrated(logger, settings.Provider);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                health.ReportFailure(Component, $"migrating the storage schema fails: {exception.Message}");
                Log.MigrationFailed(logger, delay, exception);
                await Task.Delay(delay, timeProvider, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.RetryMaxDelay.Ticks));
            }
        }
    }
}
