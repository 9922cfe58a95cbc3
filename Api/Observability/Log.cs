namespace BanditServe.Api;

/// <summary>Event ids of the Api assembly's log messages.</summary>
internal static class LogEventIds
{
    public const int GeneratedAdminKey = 1000;
    public const int SurfacesLoaded = 1001;
    public const int DecisionPublishFailed = 1002;
    public const int LearningRejected = 1003;
    public const int EmbeddedBroker = 1004;
    public const int ModelRestored = 1005;
    public const int UnexpectedError = 1006;
    public const int CheckpointRefused = 1007;
    public const int CatalogSynced = 1008;
    public const int CatalogSyncFailed = 1009;
    public const int RankPathWarmedUp = 1010;
    public const int RankPathWarmUpFailed = 1011;
}

internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.GeneratedAdminKey, Level = LogLevel.Warning,
        Message = "No admin key configured (Auth:AdminKeys). Generated admin key for this run: {AdminKey}")]
    public static partial void GeneratedAdminKey(ILogger logger, string adminKey);

    [LoggerMessage(EventId = LogEventIds.SurfacesLoaded, Level = LogLevel.Information,
        Message = "Loaded {SurfaceCount} surfaces with {ItemCount} items from storage")]
    public static partial void SurfacesLoaded(ILogger logger, int surfaceCount, int itemCount);

    [LoggerMessage(EventId = LogEventIds.DecisionPublishFailed, Level = LogLevel.Warning,
        Message = "Could not publish decision {EventId}")]
    public static partial void DecisionPublishFailed(ILogger logger, string eventId, Exception exception);

    [LoggerMessage(EventId = LogEventIds.LearningRejected, Level = LogLevel.Debug,
        Message = "Joined example for surface {Surface} item {ItemId} not applied: {Reason}")]
    public static partial void LearningRejected(ILogger logger, string surface, string itemId, string reason);

    [LoggerMessage(EventId = LogEventIds.EmbeddedBroker, Level = LogLevel.Warning,
        Message = "Kafka:BootstrapServers is empty: using the embedded in-process broker at {BootstrapServers}. It is NOT durable; set Kafka:BootstrapServers in production.")]
    public static partial void EmbeddedBroker(ILogger logger, string bootstrapServers);

    [LoggerMessage(EventId = LogEventIds.ModelRestored, Level = LogLevel.Information,
        Message = "Restored models of {SurfaceCount} surfaces from the checkpoint")]
    public static partial void ModelRestored(ILogger logger, int surfaceCount);

    [LoggerMessage(EventId = LogEventIds.CheckpointRefused, Level = LogLevel.Error,
        Message = "Checkpoint {CheckpointId} of {CheckpointAt:O} cannot be restored and is skipped; trying the one before it. Reason: {Reason}")]
    public static partial void CheckpointRefused(ILogger logger, long checkpointId, DateTimeOffset checkpointAt, string reason);

    [LoggerMessage(EventId = LogEventIds.CatalogSynced, Level = LogLevel.Information,
        Message = "Applied {Changes} catalog changes made by other replicas")]
    public static partial void CatalogSynced(ILogger logger, int changes);

    [LoggerMessage(EventId = LogEventIds.CatalogSyncFailed, Level = LogLevel.Warning,
        Message = "Could not read the catalog from storage; retrying at the next refresh: {Reason}")]
    public static partial void CatalogSyncFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.RankPathWarmedUp, Level = LogLevel.Information,
        Message = "Rank path warmed up in {Seconds:F1} s ({Rounds} rounds, {Ranks} ranks; JIT settled: {Settled})")]
    public static partial void RankPathWarmedUp(ILogger logger, double seconds, int rounds, long ranks, bool settled);

    [LoggerMessage(EventId = LogEventIds.RankPathWarmUpFailed, Level = LogLevel.Warning,
        Message = "The rank path warm-up failed; serving without it")]
    public static partial void RankPathWarmUpFailed(ILogger logger, Exception exception);
}
