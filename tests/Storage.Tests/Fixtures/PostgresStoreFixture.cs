using BanditServe.Testing;
using Npgsql;

namespace BanditServe.Storage.Tests;

/// <summary>Fresh PostgreSQL databases, dropped at the end.</summary>
public sealed class PostgresStoreFixture : StoreFixture
{
    private readonly List<string> databases = [];
    private readonly Dictionary<IBanditStore, string> databaseOfStore = [];

    public override string ProviderName => "postgres";

    public override async Task<IBanditStore> CreateFreshStoreAsync(StorageOptions? options = null)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(TestContext.Current.CancellationToken);
        databases.Add(connectionString);
        return Open(connectionString, options);
    }

    public string ConnectionStringOf(IBanditStore store) => databaseOfStore[store];

    public override IBanditStore OpenSameDatabase(IBanditStore existing, StorageOptions? options = null) =>
        Open(databaseOfStore[existing], options);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var connectionString in databases)
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    private PostgresBanditStore Open(string connectionString, StorageOptions? options)
    {
        var dataSource = Own(NpgsqlDataSource.Create(connectionString));
        var store = Own(new PostgresBanditStore(dataSource, Wrap(options)));
        databaseOfStore[store] = connectionString;
        return store;
    }
}
