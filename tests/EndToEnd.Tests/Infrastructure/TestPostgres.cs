using Npgsql;

namespace BanditServe.EndToEnd.Tests.Infrastructure;

/// <summary>Fresh databases on the PostgreSQL server that .ci/test starts (BANDITSERVE_TEST_POSTGRES).</summary>
public static class TestPostgres
{
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("BANDITSERVE_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "BANDITSERVE_TEST_POSTGRES is not set: run the tests with 'bash .ci/test' (it starts a throw-away PostgreSQL) or point it at a server.");

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var full = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        var name = full[..Math.Min(full.Length, 48)];
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }
}
