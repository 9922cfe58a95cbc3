using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage;

/// <summary>
/// Purges decision and reward log entries older than <see cref="StorageOptions.RetentionDays"/>, at start and then every
/// <see cref="StorageOptions.RetentionInterval"/>. Does nothing when <see cref="StorageOptions.RetentionDays"/> is 0.
/// </summary>
/// <param name="store">The store purged.</param>
/// <param name="options">Retention days and interval.</param>
/// <param name="timeProvider">The clock the cutoff and interval follow.</param>
/// <param name="logger">Where purges and failures are logged.</param>
public sealed class RetentionService(
    IBanditStore store, IOptions<StorageOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger) : BackgroundService
{
    /// <summary>How long a log batch's marker is kept.</summary>
    public static readonly TimeSpan BatchMarkerRetention = TimeSpan.FromDays(1);

    private readonly StorageOptions settings = options.Value;

    /// <summary>Purges once, now.</summary>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many entries were deleted.</returns>
    public async Task<PurgeResult> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        // Batch markers only serve retries minutes after a write: they go after a day whatever the log retention.
        var now = timeProvider.GetUtcNow();
        await store.PurgeLogBatchMarkersBeforeAsync(now - BatchMarkerRetention, cancellationToken);
        if (settings.RetentionDays == 0)
        {
            return default;
        }

        var cutoff = now.AddDays(-settings.RetentionDays);
        var purged = await store.PurgeLogsBeforeAsync(cutoff, cancellationToken);
        if (purged.Decisions + purged.Rewards > 0)
        {
            Log.RetentionPurged(logger, purged.Decisions, purged.Rewards, cutoff);
        }

        return purged;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.RetentionInterval, timeProvider);
        do
        {
            try
            {
                await PurgeOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                Log.RetentionFailed(logger, settings.RetentionInterval, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
