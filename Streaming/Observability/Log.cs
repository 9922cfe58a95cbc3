using Microsoft.Extensions.Logging;

namespace BanditServe.Streaming.Observability;

/// <summary>Source-generated log messages of the Streaming module.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.EmbeddedBrokerStarted, Level = LogLevel.Warning,
        Message = "Kafka:BootstrapServers is empty: using the embedded in-process broker at {BootstrapServers}; it is not durable and other replicas cannot reach it")]
    public static partial void EmbeddedBrokerStarted(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = LogEventIds.DecisionPublishFailed, Level = LogLevel.Warning,
        Message = "Publishing a decision failed: {Reason} ({SuppressedCount} more failures since the previous warning were not logged)")]
    public static partial void DecisionPublishFailed(ILogger logger, string reason, long suppressedCount);

    [LoggerMessage(EventId = LogEventIds.RewardPublishFailed, Level = LogLevel.Warning,
        Message = "Publishing a reward failed: {Reason} ({SuppressedCount} more failures since the previous warning were not logged)")]
    public static partial void RewardPublishFailed(ILogger logger, string reason, long suppressedCount);

    [LoggerMessage(EventId = LogEventIds.ConsumerStarted, Level = LogLevel.Information,
        Message = "Stream consumer assigned {PartitionCount} partitions of {DecisionsTopic} and {RewardsTopic} ({RestoredCount} from the checkpoint)")]
    public static partial void ConsumerStarted(ILogger logger, int partitionCount, string decisionsTopic, string rewardsTopic, int restoredCount);

    [LoggerMessage(EventId = LogEventIds.ConsumerStopped, Level = LogLevel.Information,
        Message = "Stream consumer stopped")]
    public static partial void ConsumerStopped(ILogger logger);

    [LoggerMessage(EventId = LogEventIds.ConsumeFailed, Level = LogLevel.Warning,
        Message = "Consuming failed; continuing: {Reason}")]
    public static partial void ConsumeFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.KafkaError, Level = LogLevel.Warning,
        Message = "Kafka client error (fatal: {IsFatal}): {Reason} ({SuppressedCount} more client errors since the previous warning were not logged)")]
    public static partial void KafkaError(ILogger logger, bool isFatal, string reason, long suppressedCount);

    [LoggerMessage(EventId = LogEventIds.MessageDeadLettered, Level = LogLevel.Debug,
        Message = "Dead-lettered a {Topic} message ({Reason}): {Detail}")]
    public static partial void MessageDeadLettered(ILogger logger, string topic, string reason, string detail);

    [LoggerMessage(EventId = LogEventIds.DeadLetterFailed, Level = LogLevel.Error,
        Message = "Writing to the dead-letter topic failed: {Reason}")]
    public static partial void DeadLetterFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.LearningFailed, Level = LogLevel.Error,
        Message = "The learner threw on an example of event {EventId}; the example is dead-lettered")]
    public static partial void LearningFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(EventId = LogEventIds.CheckpointRestored, Level = LogLevel.Information,
        Message = "Restored the stream checkpoint of {CreatedAt:O} ({OffsetCount} partition offsets)")]
    public static partial void CheckpointRestored(ILogger logger, DateTimeOffset createdAt, int offsetCount);

    [LoggerMessage(EventId = LogEventIds.CheckpointSaved, Level = LogLevel.Debug,
        Message = "Saved a stream checkpoint: {ModelBytes} model bytes captured in {ModelMilliseconds:F0} ms, then {JoinBytes} join bytes and {OffsetCount} offsets written and stored in {StoreMilliseconds:F0} ms")]
    public static partial void CheckpointSaved(
        ILogger logger, int modelBytes, double modelMilliseconds, long joinBytes, int offsetCount, double storeMilliseconds);

    [LoggerMessage(EventId = LogEventIds.CheckpointFailed, Level = LogLevel.Error,
        Message = "Saving the stream checkpoint failed; the next interval retries")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.ConsumerFaulted, Level = LogLevel.Critical,
        Message = "The stream consumer stopped on a fatal error")]
    public static partial void ConsumerFaulted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.PartitionsAdded, Level = LogLevel.Information,
        Message = "Assigned {Count} new partitions from the beginning")]
    public static partial void PartitionsAdded(ILogger logger, int count);

    [LoggerMessage(EventId = LogEventIds.CatalogRefreshFailed, Level = LogLevel.Warning,
        Message = "Could not look surface {Surface} up in the catalog for decision {EventId}; the decision is held and retried: {Reason}")]
    public static partial void CatalogRefreshFailed(ILogger logger, string surface, string eventId, string reason);

    [LoggerMessage(EventId = LogEventIds.PartitionHeld, Level = LogLevel.Warning,
        Message = "Holding {Topic} partition {Partition} at offset {Offset}; retrying in {RetrySeconds} s")]
    public static partial void PartitionHeld(ILogger logger, string topic, int partition, long offset, double retrySeconds);

    [LoggerMessage(EventId = LogEventIds.AllPartitionsPaused, Level = LogLevel.Warning,
        Message = "{Topic} partition {Partition} has been held for {HeldSeconds} s: every partition is paused until it is released, so the join's memory stays bounded")]
    public static partial void AllPartitionsPaused(ILogger logger, string topic, int partition, double heldSeconds);
}
