using Microsoft.Data.Sqlite;
using Npgsql;

namespace BanditServe.Storage;

/// <summary>Tells errors that retrying cannot fix (a record the database refuses) from those it can (database slow or down).</summary>
internal static class StorageErrors
{
    // SQLite primary result codes of errors caused by the data: TOOBIG, CONSTRAINT, MISMATCH, RANGE.
    private static readonly int[] SqliteDataErrors = [18, 19, 20, 25];

    public static bool IsCausedByTheRecords(Exception exception) => exception switch
    {
        ArgumentException => true,
        // Classes 22 (data exception), 23 (integrity violation) and 54 (program limit exceeded) follow the data, not the server's state.
        PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("23", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("54", StringComparison.Ordinal),
        SqliteException sqlite => SqliteDataErrors.Contains(sqlite.SqliteErrorCode),
        _ => false,
    };
}
