using Dapper;
using Microsoft.Data.Sqlite;

namespace BanditServe.Storage;

public sealed partial class SqliteBanditStore
{
    /// <inheritdoc />
    public Task UpsertItemAsync(ItemRecord item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return UpsertItemsAsync(item.Surface, [item], cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> UpsertItemsAsync(string surface, IReadOnlyList<ItemRecord> items, CancellationToken cancellationToken)
    {
        var distinct = ItemBatch.LastPerItemId(surface, items);
        if (distinct.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM surfaces WHERE surface = @surface", new { surface }, transaction, cancellationToken: cancellationToken));
        if (exists == 0)
        {
            throw new UnknownSurfaceException(surface);
        }

        // One prepared statement reused for every row inside one transaction: SQLite's fastest bulk path.
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO items (surface, item_id, active, created_at, updated_at) VALUES ($surface, $itemId, $active, $createdAt, $updatedAt)
            ON CONFLICT (surface, item_id) DO UPDATE SET active = excluded.active, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$surface", surface);
        var itemId = command.Parameters.Add("$itemId", SqliteType.Text);
        var active = command.Parameters.Add("$active", SqliteType.Integer);
        var createdAt = command.Parameters.Add("$createdAt", SqliteType.Integer);
        var updatedAt = command.Parameters.Add("$updatedAt", SqliteType.Integer);
        foreach (var item in distinct)
        {
            itemId.Value = item.ItemId;
            active.Value = item.Active ? 1 : 0;
            createdAt.Value = StorageTime.ToUnixMicroseconds(item.CreatedAt);
            updatedAt.Value = StorageTime.ToUnixMicroseconds(item.UpdatedAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return distinct.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ItemRecord>> ListItemsAsync(string surface, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string ItemId, long Active, long CreatedAt, long UpdatedAt)>(new CommandDefinition(
            "SELECT item_id, active, created_at, updated_at FROM items WHERE surface = @surface ORDER BY item_id",
            new { surface },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new ItemRecord(
            surface, row.ItemId, row.Active != 0, StorageTime.FromUnixMicroseconds(row.CreatedAt), StorageTime.FromUnixMicroseconds(row.UpdatedAt)))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ItemRecord>> ListItemsChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Surface, string ItemId, long Active, long CreatedAt, long UpdatedAt)>(new CommandDefinition(
            "SELECT surface, item_id, active, created_at, updated_at FROM items WHERE updated_at >= @since ORDER BY updated_at",
            new { since = StorageTime.ToUnixMicroseconds(since) },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new ItemRecord(
            row.Surface, row.ItemId, row.Active != 0, StorageTime.FromUnixMicroseconds(row.CreatedAt), StorageTime.FromUnixMicroseconds(row.UpdatedAt)))];
    }
}
