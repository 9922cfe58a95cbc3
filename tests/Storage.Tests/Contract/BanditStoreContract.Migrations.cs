namespace BanditServe.Storage.Tests;

public abstract partial class BanditStoreContract
{
    /// <summary>0001_initial, 0002_log_batches and 0003_checkpoint_files, for each provider.</summary>
    private const int EmbeddedMigrations = 3;

    [Fact]
    public async Task Migration_is_idempotent_and_recorded_once_per_version()
    {
        var store = await Fixture.CreateFreshStoreAsync();

        await store.MigrateAsync(Token);
        await store.MigrateAsync(Token);
        await Fixture.OpenSameDatabase(store).MigrateAsync(Token);

        Assert.Equal(EmbeddedMigrations, await CountRowsAsync(store, "schema_migrations"));
    }

    [Fact]
    public async Task Servers_starting_at_once_on_an_empty_database_all_migrate_and_apply_each_version_once()
    {
        var first = await Fixture.CreateFreshStoreAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => Fixture.OpenSameDatabase(first)).Prepend(first).ToArray();

        await Task.WhenAll(stores.Select(store => Task.Run(() => store.MigrateAsync(Token), Token)));

        Assert.Equal(EmbeddedMigrations, await CountRowsAsync(first, "schema_migrations"));
        foreach (var store in stores)
        {
            Assert.Empty(await store.ListSurfacesAsync(Token));
        }
    }

    [Fact]
    public async Task First_operation_migrates_a_store_that_was_never_migrated()
    {
        var store = await Fixture.CreateFreshStoreAsync();

        var surface = await store.UpsertSurfaceAsync(TestRecords.Surface(), Token);

        Assert.Equal(surface, await store.GetSurfaceAsync(surface.Surface, Token));
    }
}
