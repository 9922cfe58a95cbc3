namespace BanditServe.Storage.Tests;

/// <summary>SQLite files in a temporary directory removed at the end.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-storage-").FullName;

    public override string ProviderName => "sqlite";

    public override Task<IBanditStore> CreateFreshStoreAsync(StorageOptions? options = null)
    {
        var effective = options ?? TestOptions();
        effective.SqlitePath = Path.Combine(directory, $"{Guid.NewGuid():N}", "banditserve.db");
        return Task.FromResult<IBanditStore>(Own(new SqliteBanditStore(Wrap(effective))));
    }

    public override IBanditStore OpenSameDatabase(IBanditStore existing, StorageOptions? options = null)
    {
        var effective = options ?? TestOptions();
        effective.SqlitePath = ((SqliteBanditStore)existing).DatabasePath;
        return Own(new SqliteBanditStore(Wrap(effective)));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}
