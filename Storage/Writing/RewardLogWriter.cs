using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage;

/// <summary>Buffers rewards and writes them to the reward log in batches, off the request path.</summary>
/// <param name="store">The store written to.</param>
/// <param name="options">Buffer capacity, batch size, retry delays.</param>
/// <param name="health">Where write failures are reported.</param>
/// <param name="timeProvider">The clock for retry delays.</param>
/// <param name="logger">Where failures and drops are logged.</param>
public sealed class RewardLogWriter(
    IBanditStore store, IOptions<StorageOptions> options, StorageHealth health, TimeProvider timeProvider, ILogger<RewardLogWriter> logger)
    : LogWriter<RewardRecord>("rewards", options, health, timeProvider, logger)
{
    /// <inheritdoc />
    protected override Task WriteBatchAsync(IReadOnlyList<RewardRecord> batch, Guid batchId, CancellationToken cancellationToken) =>
        store.AppendRewardsAsync(batch, batchId, cancellationToken);

    /// <inheritdoc />
    protected override Task<bool> WasWrittenAsync(Guid batchId, CancellationToken cancellationToken) =>
        store.LogBatchExistsAsync(batchId, cancellationToken);

    /// <inheritdoc />
    protected override string Describe(RewardRecord record) => record.EventId;
}
