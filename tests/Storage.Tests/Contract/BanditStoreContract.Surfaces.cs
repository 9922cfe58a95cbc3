namespace BanditServe.Storage.Tests;

public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Surface_upserted_is_read_back_with_every_field()
    {
        var surface = TestRecords.Surface() with { DefaultReward = null, RecoveryJson = """{"periodSeconds":60}""", Policy = "recovering-periodic" };

        var stored = await Store.UpsertSurfaceAsync(surface, Token);
        var read = await Store.GetSurfaceAsync(surface.Surface, Token);

        Assert.Equal(surface, stored);
        Assert.Equal(surface, read);
    }

    [Fact]
    public async Task Surface_upserted_again_keeps_its_creation_time_and_replaces_its_configuration()
    {
        var first = TestRecords.Surface();
        await Store.UpsertSurfaceAsync(first, Token);
        var later = first.UpdatedAt.AddMinutes(5);
        var second = first with { Alpha = 0.5, Epsilon = 0.1, DefaultReward = -1, CreatedAt = later, UpdatedAt = later };

        var stored = await Store.UpsertSurfaceAsync(second, Token);

        Assert.Equal(second with { CreatedAt = first.CreatedAt }, stored);
        Assert.Equal(stored, await Store.GetSurfaceAsync(first.Surface, Token));
    }

    [Fact]
    public async Task Unknown_surface_reads_as_null()
    {
        Assert.Null(await Store.GetSurfaceAsync(TestRecords.UniqueSurface(), Token));
    }

    [Fact]
    public async Task Surfaces_are_listed_in_id_order()
    {
        var prefix = TestRecords.UniqueSurface("list");
        string[] ids = [$"{prefix}-b", $"{prefix}-a", $"{prefix}-C"];
        foreach (var id in ids)
        {
            await Store.UpsertSurfaceAsync(TestRecords.Surface(id), Token);
        }

        var listed = (await Store.ListSurfacesAsync(Token)).Select(s => s.Surface).Where(s => s.StartsWith(prefix, StringComparison.Ordinal));

        Assert.Equal([$"{prefix}-C", $"{prefix}-a", $"{prefix}-b"], listed);
    }

    [Fact]
    public async Task Deleted_surface_is_gone_with_its_items_and_snapshots()
    {
        var surface = TestRecords.Surface();
        await Store.UpsertSurfaceAsync(surface, Token);
        await Store.UpsertItemAsync(TestRecords.Item(surface.Surface, "a"), Token);
        await Store.SaveSnapshotAsync(surface.Surface, 3, [1, 2, 3], Token);

        var deleted = await Store.DeleteSurfaceAsync(surface.Surface, Token);
        var deletedAgain = await Store.DeleteSurfaceAsync(surface.Surface, Token);

        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(await Store.GetSurfaceAsync(surface.Surface, Token));
        Assert.Empty(await Store.ListItemsAsync(surface.Surface, Token));
        Assert.Null(await Store.LoadLatestSnapshotAsync(surface.Surface, Token));
    }
}
