using Npgsql;

namespace BanditServe.Testing;

/// <summary>The PostgreSQL server the tests run against, named by BANDITSERVE_TEST_POSTGRES.</summary>
/// <remarks>Compiled into each test project that needs it (linked from tests/Shared).</remarks>
public static class PostgresServer
{
    public const string VariableName = "BANDITSERVE_TEST_POSTGRES";

    /// <summary>The superuser connection string; a missing variable fails the test rather than skipping it.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(VariableName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{VariableName} is not set: the PostgreSQL tests need a server. Run them through `bash .ci/test` (starts a throw-away " +
                $"PostgreSQL) or set {VariableName} to an Npgsql connection string of a superuser.");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = $"banditserve_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database created by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
