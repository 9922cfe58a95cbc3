using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace BanditServe.Storage;

public sealed partial class SqliteBanditStore
{
    private const int PurgeBatchSize = 10_000;

    /// <inheritdoc />
    public Task AppendDecisionsAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken) =>
        AppendDecisionsAsync(decisions, Guid.NewGuid(), cancellationToken);

    /// <inheritdoc />
    public Task AppendRewardsAsync(IReadOnlyList<RewardRecord> rewards, CancellationToken cancellationToken) =>
        AppendRewardsAsync(rewards, Guid.NewGuid(), cancellationToken);

    /// <inheritdoc />
    public async Task AppendDecisionsAsync(IReadOnlyList<DecisionRecord> decisions, Guid batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0)
        {
            return;
        }

        foreach (var decision in decisions)
        {
            DecisionValidation.ThrowIfInvalid(decision);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        if (!await TryWriteBatchMarkerAsync(connection, transaction, batchId, cancellationToken))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO decisions (event_id, surface, at, policy, model_version, features, sparse_indices, sparse_values, user_id, items)
            VALUES ($eventId, $surface, $at, $policy, $modelVersion, $features, $sparseIndices, $sparseValues, $userId, $items)
            """;
        var eventId = command.Parameters.Add("$eventId", SqliteType.Text);
        var surface = command.Parameters.Add("$surface", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var policy = command.Parameters.Add("$policy", SqliteType.Text);
        var modelVersion = command.Parameters.Add("$modelVersion", SqliteType.Integer);
        var features = command.Parameters.Add("$features", SqliteType.Blob);
        var sparseIndices = command.Parameters.Add("$sparseIndices", SqliteType.Blob);
        var sparseValues = command.Parameters.Add("$sparseValues", SqliteType.Blob);
        var userId = command.Parameters.Add("$userId", SqliteType.Text);
        var items = command.Parameters.Add("$items", SqliteType.Blob);
        foreach (var decision in decisions)
        {
            eventId.Value = decision.EventId;
            surface.Value = decision.Surface;
            at.Value = StorageTime.ToUnixMicroseconds(decision.At);
            policy.Value = decision.Policy;
            modelVersion.Value = decision.ModelVersion;
            features.Value = decision.Features is { } dense ? LittleEndianVectors.FromFloats(dense) : DBNull.Value;
            sparseIndices.Value = decision.SparseFeatures is { } sparse ? LittleEndianVectors.FromInts(sparse.Indices) : DBNull.Value;
            sparseValues.Value = decision.SparseFeatures is { } sparseAgain ? LittleEndianVectors.FromFloats(sparseAgain.Values) : DBNull.Value;
            userId.Value = (object?)decision.UserId ?? DBNull.Value;
            items.Value = DecisionItemsEncoding.Encode(decision.Items);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task AppendRewardsAsync(IReadOnlyList<RewardRecord> rewards, Guid batchId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        if (rewards.Count == 0)
        {
            return;
        }

        foreach (var reward in rewards)
        {
            ArgumentNullException.ThrowIfNull(reward);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        if (!await TryWriteBatchMarkerAsync(connection, transaction, batchId, cancellationToken))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO rewards (event_id, surface, item_id, reward, at, outcome)
            VALUES ($eventId, $surface, $itemId, $reward, $at, $outcome)
            """;
        var eventId = command.Parameters.Add("$eventId", SqliteType.Text);
        var surface = command.Parameters.Add("$surface", SqliteType.Text);
        var itemId = command.Parameters.Add("$itemId", SqliteType.Text);
        var value = command.Parameters.Add("$reward", SqliteType.Real);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var outcome = command.Parameters.Add("$outcome", SqliteType.Integer);
        foreach (var reward in rewards)
        {
            eventId.Value = reward.EventId;
            surface.Value = (object?)reward.Surface ?? DBNull.Value;
            itemId.Value = reward.ItemId;
            value.Value = reward.Reward;
            at.Value = StorageTime.ToUnixMicroseconds(reward.At);
            outcome.Value = (int)reward.Outcome;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<DecisionRecord> ReadDecisionsAsync(string? surface, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadPagedAsync(
            "decisions",
            "event_id, surface, at, policy, model_version, features, sparse_indices, sparse_values, user_id, items",
            atOrdinal: 3,
            surface,
            from,
            to,
            ReadDecision,
            cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<RewardRecord> ReadRewardsAsync(string? surface, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadPagedAsync("rewards", "event_id, surface, item_id, reward, at, outcome", atOrdinal: 5, surface, from, to, ReadReward, cancellationToken);

    /// <inheritdoc />
    public async Task<PurgeResult> PurgeLogsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var decisions = await PurgeTableAsync("decisions", cutoff, cancellationToken);
        var rewards = await PurgeTableAsync("rewards", cutoff, cancellationToken);
        return new PurgeResult(decisions, rewards);
    }

    /// <inheritdoc />
    public Task<long> PurgeLogBatchMarkersBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        PurgeTableAsync("log_batches", cutoff, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> LogBatchExistsAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM log_batches WHERE id = $id)";
        command.Parameters.AddWithValue("$id", batchId.ToString("N"));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    /// <summary>Claims the batch's marker first; <see langword="false"/> when an earlier attempt of the batch committed.</summary>
    private static async Task<bool> TryWriteBatchMarkerAsync(SqliteConnection connection, SqliteTransaction transaction, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO log_batches (id, at) VALUES ($id, $at)";
        command.Parameters.AddWithValue("$id", batchId.ToString("N"));
        command.Parameters.AddWithValue("$at", StorageTime.ToUnixMicroseconds(DateTimeOffset.UtcNow));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<long> PurgeTableAsync(string table, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long total = 0;
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // Bounded batches, one short write transaction each, so the log writers wait at most one batch.
        command.CommandText = $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE at < $cutoff ORDER BY at, id LIMIT $limit)";
        command.Parameters.AddWithValue("$cutoff", StorageTime.ToUnixMicroseconds(cutoff));
        command.Parameters.AddWithValue("$limit", PurgeBatchSize);
        int deleted;
        do
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    // Keyset pagination over (at, id): each page is a short read, so a long offline read neither pins the WAL
    // (blocking checkpoints) nor buffers the range in memory.
    private async IAsyncEnumerable<T> ReadPagedAsync<T>(
        string table,
        string columns,
        int atOrdinal,
        string? surface,
        DateTimeOffset from,
        DateTimeOffset to,
        Func<SqliteDataReader, T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var surfaceFilter = surface is null ? "" : "surface = $surface AND ";
        var sql = $"""
            SELECT id, {columns} FROM {table}
            WHERE {surfaceFilter}(at, id) > ($afterAt, $afterId) AND at < $to
            ORDER BY at, id
            LIMIT $limit
            """;
        var afterAt = StorageTime.ToUnixMicroseconds(from);
        var afterId = 0L;
        var end = StorageTime.ToUnixMicroseconds(to);
        var pageSize = options.ReadPageSize;
        while (true)
        {
            var page = new List<T>(Math.Min(pageSize, 1024));
            await using (var connection = await OpenAsync(cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                command.Parameters.AddWithValue("$afterAt", afterAt);
                command.Parameters.AddWithValue("$afterId", afterId);
                command.Parameters.AddWithValue("$to", end);
                command.Parameters.AddWithValue("$limit", pageSize);
                if (surface is not null)
                {
                    command.Parameters.AddWithValue("$surface", surface);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    afterId = reader.GetInt64(0);
                    afterAt = reader.GetInt64(atOrdinal);
                    page.Add(read(reader));
                }
            }

            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }
        }
    }

    private static DecisionRecord ReadDecision(SqliteDataReader reader) => new()
    {
        EventId = reader.GetString(1),
        Surface = reader.GetString(2),
        At = StorageTime.FromUnixMicroseconds(reader.GetInt64(3)),
        Policy = reader.GetString(4),
        ModelVersion = reader.GetInt64(5),
        Features = reader.IsDBNull(6) ? null : LittleEndianVectors.ToFloats(reader.GetFieldValue<byte[]>(6)),
        SparseFeatures = reader.IsDBNull(7)
            ? null
            : new SparseFeatures(LittleEndianVectors.ToInts(reader.GetFieldValue<byte[]>(7)), LittleEndianVectors.ToFloats(reader.GetFieldValue<byte[]>(8))),
        UserId = reader.IsDBNull(9) ? null : reader.GetString(9),
        Items = DecisionItemsEncoding.Decode(reader.GetFieldValue<byte[]>(10)),
    };

    private static RewardRecord ReadReward(SqliteDataReader reader) => new(
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        reader.GetDouble(4),
        StorageTime.FromUnixMicroseconds(reader.GetInt64(5)),
        (RewardOutcome)reader.GetInt32(6));
}
