namespace BanditServe.Storage.Tests;

public abstract partial class BanditStoreContract
{
    [Fact]
    public async Task Item_upserted_is_listed_and_can_be_deactivated()
    {
        var surface = (await Store.UpsertSurfaceAsync(TestRecords.Surface(), Token)).Surface;
        var item = TestRecords.Item(surface, "item-1");
        await Store.UpsertItemAsync(item, Token);
        var deactivated = item with { Active = false, CreatedAt = item.CreatedAt.AddDays(1), UpdatedAt = item.UpdatedAt.AddDays(1) };

        await Store.UpsertItemAsync(deactivated, Token);

        var listed = Assert.Single(await Store.ListItemsAsync(surface, Token));
        Assert.Equal(deactivated with { CreatedAt = item.CreatedAt }, listed);
    }

    [Fact]
    public async Task Items_changed_since_a_time_are_listed_across_surfaces_oldest_change_first()
    {
        var store = await Fixture.CreateFreshStoreAsync();
        var first = (await store.UpsertSurfaceAsync(TestRecords.Surface(), Token)).Surface;
        var second = (await store.UpsertSurfaceAsync(TestRecords.Surface(), Token)).Surface;
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await store.UpsertItemAsync(new ItemRecord(first, "old", true, t0, t0), Token);
        await store.UpsertItemAsync(new ItemRecord(second, "newer", true, t0, t0.AddMinutes(2)), Token);
        await store.UpsertItemAsync(new ItemRecord(first, "new", false, t0, t0.AddMinutes(1)), Token);

        var changed = await store.ListItemsChangedSinceAsync(t0.AddMinutes(1), Token);

        Assert.Equal([(first, "new", false), (second, "newer", true)], changed.Select(i => (i.Surface, i.ItemId, i.Active)));
    }

    [Fact]
    public async Task Batch_of_100000_items_is_written_in_one_call_and_listed_in_id_order()
    {
        var surface = (await Store.UpsertSurfaceAsync(TestRecords.Surface(), Token)).Surface;
        var items = Enumerable.Range(0, 100_000).Select(i => TestRecords.Item(surface, $"item-{i:D6}", active: i % 3 != 0)).Reverse().ToArray();

        var upserted = await Store.UpsertItemsAsync(surface, items, Token);

        Assert.Equal(100_000, upserted);
        var listed = await Store.ListItemsAsync(surface, Token);
        Assert.Equal(items.Reverse(), listed);
    }

    [Fact]
    public async Task Batch_with_a_repeated_item_id_keeps_the_last_occurrence()
    {
        var surface = (await Store.UpsertSurfaceAsync(TestRecords.Surface(), Token)).Surface;
        ItemRecord[] items = [TestRecords.Item(surface, "a"), TestRecords.Item(surface, "b"), TestRecords.Item(surface, "a", active: false)];

        var upserted = await Store.UpsertItemsAsync(surface, items, Token);

        Assert.Equal(2, upserted);
        Assert.Equal([items[2], items[1]], await Store.ListItemsAsync(surface, Token));
    }

    [Fact]
    public async Task Items_of_an_unknown_surface_are_refused_and_nothing_is_written()
    {
        var surface = TestRecords.UniqueSurface();

        var refused = await Assert.ThrowsAsync<UnknownSurfaceException>(
            () => Store.UpsertItemsAsync(surface, [TestRecords.Item(surface, "a")], Token));

        Assert.Equal(surface, refused.Surface);
        await Assert.ThrowsAsync<UnknownSurfaceException>(() => Store.UpsertItemAsync(TestRecords.Item(surface, "a"), Token));
        Assert.Empty(await Store.ListItemsAsync(surface, Token));
    }

    [Fact]
    public async Task Batch_with_an_item_of_another_surface_is_refused()
    {
        var surface = (await Store.UpsertSurfaceAsync(TestRecords.Surface(), Token)).Surface;

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.UpsertItemsAsync(surface, [TestRecords.Item(surface, "a"), TestRecords.Item("other", "b")], Token));

        Assert.Empty(await Store.ListItemsAsync(surface, Token));
    }
}
