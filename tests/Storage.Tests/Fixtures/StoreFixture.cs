using Microsoft.Extensions.Options;

namespace BanditServe.Storage.Tests;

/// <summary>A database per test class (tests inside a class run one at a time), plus fresh ones on demand.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<IDisposable> owned = [];
    private IBanditStore? store;

    /// <summary>Small pages so that every read test crosses page boundaries.</summary>
    public static StorageOptions TestOptions(Action<StorageOptions>? configure = null)
    {
        var options = new StorageOptions { ReadPageSize = 7, CheckpointsToKeep = 2 };
        configure?.Invoke(options);
        return options;
    }

    public IBanditStore Store => store ?? throw new InvalidOperationException("The fixture was not initialised.");

    public abstract string ProviderName { get; }

    public async ValueTask InitializeAsync()
    {
        store = await CreateFreshStoreAsync();
        await store.MigrateAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Creates an empty, not yet migrated database and a store on it.</summary>
    public abstract Task<IBanditStore> CreateFreshStoreAsync(StorageOptions? options = null);

    /// <summary>Opens another store (as another server would) on the database of <paramref name="existing"/>.</summary>
    public abstract IBanditStore OpenSameDatabase(IBanditStore existing, StorageOptions? options = null);

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var disposable in owned)
        {
            disposable.Dispose();
        }

        await Task.CompletedTask;
        GC.SuppressFinalize(this);
    }

    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    protected static IOptions<StorageOptions> Wrap(StorageOptions? options) => Options.Create(options ?? TestOptions());
}
