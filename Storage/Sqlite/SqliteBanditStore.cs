using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage;

/// <summary>The embedded default store: one SQLite file in WAL mode (Microsoft.Data.Sqlite + Dapper).</summary>
/// <remarks>
/// Connections are pooled by Microsoft.Data.Sqlite; write transactions start <c>IMMEDIATE</c> so concurrent writers
/// queue on the busy timeout instead of failing on a lock upgrade. The schema is migrated before the first operation.
/// </remarks>
public sealed partial class SqliteBanditStore : IBanditStore, IDisposable
{
    private readonly string connectionString;
    private readonly StorageOptions options;
    private readonly MigrationGate migrationGate;

    /// <summary>Creates the store on <see cref="StorageOptions.SqlitePath"/>, creating its directory when missing.</summary>
    /// <param name="options">Storage options (file path, busy timeout, page size, checkpoints kept).</param>
    public SqliteBanditStore(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        var path = Path.GetFullPath(this.options.SqlitePath);
        DatabasePath = path;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(this.options.SqliteBusyTimeout.TotalSeconds),
        }.ToString();
        migrationGate = new MigrationGate(async cancellationToken =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using var connection = await OpenUnmigratedAsync(cancellationToken);
            await SqliteMigrator.MigrateAsync(connection, cancellationToken);
        });
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) => migrationGate.EnsureMigratedAsync(cancellationToken).AsTask();

    /// <summary>Releases the pooled connections of this file, so that it can be moved or deleted.</summary>
    public void Dispose()
    {
        migrationGate.Dispose();
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private async ValueTask<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await migrationGate.EnsureMigratedAsync(cancellationToken);
        return await OpenUnmigratedAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenUnmigratedAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // In WAL mode NORMAL loses no committed data on a process crash, only on power loss, and avoids an fsync per commit.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous=NORMAL", cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<SqliteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
}
