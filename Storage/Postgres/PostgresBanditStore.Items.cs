using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BanditServe.Storage;

public sealed partial class PostgresBanditStore
{
    private const string ForeignKeyViolation = "23503";

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

        var ids = new string[distinct.Count];
        var actives = new bool[distinct.Count];
        var created = new DateTime[distinct.Count];
        var updated = new DateTime[distinct.Count];
        for (var i = 0; i < distinct.Count; i++)
        {
            ids[i] = distinct[i].ItemId;
            actives[i] = distinct[i].Active;
            created[i] = StorageTime.Normalize(distinct[i].CreatedAt).UtcDateTime;
            updated[i] = StorageTime.Normalize(distinct[i].UpdatedAt).UtcDateTime;
        }

        await using var connection = await OpenAsync(cancellationToken);
        // One statement over parallel arrays: 100,000 items are one round trip.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO items (surface, item_id, active, created_at, updated_at)
            SELECT $1, t.item_id, t.active, t.created_at, t.updated_at
            FROM unnest($2, $3, $4, $5) AS t(item_id, active, created_at, updated_at)
            ON CONFLICT (surface, item_id) DO UPDATE SET active = excluded.active, updated_at = excluded.updated_at
            """,
            connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = surface, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<bool[]> { TypedValue = actives, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean },
                new NpgsqlParameter<DateTime[]> { TypedValue = created, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<DateTime[]> { TypedValue = updated, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
            },
        };
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == ForeignKeyViolation)
        {
            throw new UnknownSurfaceException(surface);
        }

        return distinct.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ItemRecord>> ListItemsAsync(string surface, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string ItemId, bool Active, DateTime CreatedAt, DateTime UpdatedAt)>(new CommandDefinition(
            "SELECT item_id, active, created_at, updated_at FROM items WHERE surface = @surface ORDER BY item_id COLLATE \"C\"",
            new { surface },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new ItemRecord(
            surface, row.ItemId, row.Active, PostgresTime.FromTimestampTz(row.CreatedAt), PostgresTime.FromTimestampTz(row.UpdatedAt)))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ItemRecord>> ListItemsChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Surface, string ItemId, bool Active, DateTime CreatedAt, DateTime UpdatedAt)>(new CommandDefinition(
            "SELECT surface, item_id, active, created_at, updated_at FROM items WHERE updated_at >= @since ORDER BY updated_at",
            new { since = since.UtcDateTime },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new ItemRecord(
            row.Surface, row.ItemId, row.Active, PostgresTime.FromTimestampTz(row.CreatedAt), PostgresTime.FromTimestampTz(row.UpdatedAt)))];
    }
}
