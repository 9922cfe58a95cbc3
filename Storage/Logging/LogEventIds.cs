namespace BanditServe.Storage;

/// <summary>Event ids of the Storage assembly's log messages (range 3000–3099).</summary>
internal static class LogEventIds
{
    public const int MigrationFailed = 3000;
    public const int Migrated = 3001;
    public const int BatchWriteFailed = 3010;
    public const int WritesRecovered = 3011;
    public const int BufferFull = 3012;
    public const int RecordsDropped = 3013;
    public const int RecordsRejected = 3014;
    public const int ShutdownFlushIncomplete = 3015;
    public const int UnacknowledgedWriteFound = 3016;
    public const int RetentionPurged = 3020;
    public const int RetentionFailed = 3021;
}
