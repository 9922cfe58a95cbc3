using Microsoft.Extensions.Options;
using Npgsql;

namespace BanditServe.Storage;

/// <summary>The production store on PostgreSQL (Npgsql + Dapper; binary COPY for the logs).</summary>
/// <remarks>
/// Connections come from the one <see cref="NpgsqlDataSource"/> of the process. The schema is migrated before
/// the first operation (and by <see cref="MigrateAsync"/> at start); a migration that fails because the database
/// is down is retried by the next operation.
/// </remarks>
public sealed partial class PostgresBanditStore : IBanditStore, IDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly StorageOptions options;
    private readonly MigrationGate migrationGate;

    /// <summary>Creates the store over a data source owned by the caller.</summary>
    /// <param name="dataSource">The process's PostgreSQL data source.</param>
    /// <param name="options">Storage options (page size, checkpoints kept).</param>
    public PostgresBanditStore(NpgsqlDataSource dataSource, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        this.dataSource = dataSource;
        this.options = options.Value;
        migrationGate = new MigrationGate(cancellationToken => PostgresMigrator.MigrateAsync(dataSource, cancellationToken));
    }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) => migrationGate.EnsureMigratedAsync(cancellationToken).AsTask();

    /// <inheritdoc />
    public void Dispose() => migrationGate.Dispose();

    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await migrationGate.EnsureMigratedAsync(cancellationToken);
        return await dataSource.OpenConnectionAsync(cancellationToken);
    }
}
