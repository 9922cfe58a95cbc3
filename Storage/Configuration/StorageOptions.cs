namespace BanditServe.Storage;

/// <summary>Storage settings, bound from the configuration section <c>Storage</c> and validated at start.</summary>
/// <remarks>
/// To add a setting: 1. add the property here with its default and XML doc; 2. check its range in
/// <see cref="StorageOptionsValidator"/>; 3. document it in docs/operations.md; 4. cover it with a test.
/// The PostgreSQL connection string comes from <c>ConnectionStrings:Postgres</c> unless
/// <see cref="PostgresConnectionString"/> is set.
/// </remarks>
public sealed class StorageOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The provider name of the embedded SQLite store.</summary>
    public const string SqliteProvider = "sqlite";

    /// <summary>The provider name of the PostgreSQL store.</summary>
    public const string PostgresProvider = "postgres";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>The SQLite database file; its directory is created when missing.</summary>
    public string SqlitePath { get; set; } = "data/banditserve.db";

    /// <summary>How long a SQLite command waits for another writer's lock before it fails.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Npgsql connection string; defaults to <c>ConnectionStrings:Postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Days decision and reward logs are kept; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>How often the retention purge runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Records each log writer buffers while the database is slow or down; beyond that new records are dropped and counted.</summary>
    public int WriteBufferCapacity { get; set; } = 100_000;

    /// <summary>The most records a log writer writes in one batch.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// How long a log writer waits for more records after a batch that emptied its buffer; zero writes every
    /// record as soon as it arrives. A steady stream is then written in a few large transactions instead of one
    /// small one per wake-up (docs/performance.md, "Seventh pass"); records wait at most this much longer.
    /// </summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The first delay before a failed batch is retried; it doubles on each failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between retries of a failed batch.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the log writers keep trying to flush their buffers on shutdown before dropping the rest.</summary>
    public TimeSpan ShutdownFlushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows fetched per query when streaming logs; bounds the memory a read holds.</summary>
    public int ReadPageSize { get; set; } = 5000;

    /// <summary>How many checkpoints are kept; older ones are deleted when a new one is saved.</summary>
    public int CheckpointsToKeep { get; set; } = 3;
}
