using Dapper;
using Microsoft.Data.Sqlite;

namespace BanditServe.Storage;

/// <summary>
/// Applies the embedded SQLite migrations in version order inside one write transaction (SQLite DDL is
/// transactional), which also serialises processes that open the same file at once.
/// </summary>
internal static class SqliteMigrator
{
    private const string ResourcePrefix = "BanditServe.Storage.Sqlite.Migrations.";

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => MigrationScript.LoadEmbedded(ResourcePrefix));

    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // WAL lets readers proceed while the log writer appends; the mode is stored in the file, so setting it once suffices.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: cancellationToken));
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     INTEGER PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  INTEGER NOT NULL
            ) STRICT
            """,
            transaction: transaction,
            cancellationToken: cancellationToken));
        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        foreach (var script in Scripts.Value)
        {
            if (applied.Contains(script.Version))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                new { script.Version, script.Name, AppliedAt = StorageTime.ToUnixMicroseconds(DateTimeOffset.UtcNow) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
