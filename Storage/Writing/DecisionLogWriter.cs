using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage;

/// <summary>Buffers rank decisions and writes them to the decision log in batches, off the request path.</summary>
/// <param name="store">The store written to.</param>
/// <param name="options">Buffer capacity, batch size, retry delays.</param>
/// <param name="health">Where write failures are reported.</param>
/// <param name="timeProvider">The clock for retry delays.</param>
/// <param name="logger">Where failures and drops are logged.</param>
public sealed class DecisionLogWriter(
    IBanditStore store, IOptions<StorageOptions> options, StorageHealth health, TimeProvider timeProvider, ILogger<DecisionLogWriter> logger)
    : LogWriter<DecisionRecord>("decisions", options, health, timeProvider, logger)
{
    /// <inheritdoc />
    protected override Task WriteBatchAsync(IReadOnlyList<DecisionRecord> batch, Guid batchId, CancellationToken cancellationToken) =>
        store.AppendDecisionsAsync(batch, batchId, cancellationToken);

    /// <inheritdoc />
    protected override Task<bool> WasWrittenAsync(Guid batchId, CancellationToken cancellationToken) =>
        store.LogBatchExistsAsync(batchId, cancellationToken);

    /// <inheritdoc />
    protected override string Describe(DecisionRecord record) => record.EventId;
}
