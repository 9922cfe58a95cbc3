using Dapper;
using Npgsql;

namespace BanditServe.Storage;

/// <summary>
/// Applies the embedded PostgreSQL migrations in version order, each in its own transaction, under a session
/// advisory lock so that servers starting at once apply each migration exactly once.
/// </summary>
internal static class PostgresMigrator
{
    private const string ResourcePrefix = "BanditServe.Storage.Postgres.Migrations.";

    // An arbitrary constant shared by every BanditServe process ("BanditSv" in ASCII).
    private const long AdvisoryLockKey = 0x42616E6469745376;

    private static readonly Lazy<IReadOnlyList<MigrationScript>> Scripts = new(() => MigrationScript.LoadEmbedded(ResourcePrefix));

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """,
                cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<int>(new CommandDefinition(
                "SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            foreach (var script in Scripts.Value)
            {
                if (applied.Contains(script.Version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name)",
                    new { script.Version, script.Name },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            // A broken connection releases the session lock by itself; only a healthy one needs the unlock.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
            }
        }
    }
}
