using Microsoft.Extensions.Logging;

namespace BanditServe.Storage;

/// <summary>The Storage assembly's log messages, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.MigrationFailed, Level = LogLevel.Error, Message = "Storage migration failed; retrying in {RetryDelay}")]
    public static partial void MigrationFailed(ILogger logger, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Migrated, Level = LogLevel.Information, Message = "Storage schema is up to date ({Provider})")]
    public static partial void Migrated(ILogger logger, string provider);

    [LoggerMessage(EventId = LogEventIds.BatchWriteFailed, Level = LogLevel.Warning,
        Message = "Writing a batch of {Count} {Log} records failed (attempt {Attempt}); {Pending} buffered; retrying in {RetryDelay}")]
    public static partial void BatchWriteFailed(ILogger logger, int count, string log, int attempt, int pending, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = LogEventIds.WritesRecovered, Level = LogLevel.Information, Message = "Writing {Log} records works again after {Attempts} attempts")]
    public static partial void WritesRecovered(ILogger logger, string log, int attempts);

    [LoggerMessage(EventId = LogEventIds.BufferFull, Level = LogLevel.Error,
        Message = "The {Log} write buffer is full ({Capacity} records): new records are dropped until the database catches up")]
    public static partial void BufferFull(ILogger logger, string log, int capacity);

    [LoggerMessage(EventId = LogEventIds.RecordsDropped, Level = LogLevel.Error, Message = "{Count} {Log} records were dropped because the write buffer was full")]
    public static partial void RecordsDropped(ILogger logger, long count, string log);

    [LoggerMessage(EventId = LogEventIds.RecordsRejected, Level = LogLevel.Error, Message = "A {Log} record (event {EventId}) was refused by the database and dropped")]
    public static partial void RecordRejected(ILogger logger, string log, string eventId, Exception exception);

    [LoggerMessage(EventId = LogEventIds.ShutdownFlushIncomplete, Level = LogLevel.Error,
        Message = "Shutting down before {Count} buffered {Log} records could be written; they are dropped")]
    public static partial void ShutdownFlushIncomplete(ILogger logger, long count, string log);

    [LoggerMessage(EventId = LogEventIds.UnacknowledgedWriteFound, Level = LogLevel.Information,
        Message = "A {Log} batch whose commit was not acknowledged is in the database; it is not written again")]
    public static partial void UnacknowledgedWriteFound(ILogger logger, string log);

    [LoggerMessage(EventId = LogEventIds.RetentionPurged, Level = LogLevel.Information,
        Message = "Retention purged {Decisions} decisions and {Rewards} rewards older than {Cutoff}")]
    public static partial void RetentionPurged(ILogger logger, long decisions, long rewards, DateTimeOffset cutoff);

    [LoggerMessage(EventId = LogEventIds.RetentionFailed, Level = LogLevel.Warning, Message = "Retention purge failed; it runs again in {Interval}")]
    public static partial void RetentionFailed(ILogger logger, TimeSpan interval, Exception exception);
}
