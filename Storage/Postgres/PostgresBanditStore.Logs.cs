using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace BanditServe.Storage;

public sealed partial class PostgresBanditStore
{
    private const int PurgeBatchSize = 10_000;

    private const string DecisionColumns =
        "event_id, surface, at, policy, model_version, features, sparse_indices, sparse_values, user_id, item_ids, item_slots, item_scores, item_propensities";

    private const string RewardColumns = "event_id, surface, item_id, reward, at, outcome";

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
        // One transaction for the rows and the batch marker: a failed batch leaves nothing behind, and a committed one
        // can be recognised by its marker when the acknowledgement of the commit was lost.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryWriteBatchMarkerAsync(connection, batchId, cancellationToken))
        {
            return;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY decisions ({DecisionColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var decision in decisions)
            {
                var itemCount = decision.Items.Count;
                var itemIds = new string[itemCount];
                var slots = new int[itemCount];
                var scores = new double[itemCount];
                var propensities = new double[itemCount];
                for (var i = 0; i < itemCount; i++)
                {
                    var item = decision.Items[i];
                    itemIds[i] = item.ItemId;
                    slots[i] = item.Slot;
                    scores[i] = item.Score;
                    propensities[i] = item.Propensity;
                }

                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(decision.EventId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(decision.Surface, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(StorageTime.Normalize(decision.At), NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(decision.Policy, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(decision.ModelVersion, NpgsqlDbType.Bigint, cancellationToken);
                await WriteOrNullAsync(importer, decision.Features, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await WriteOrNullAsync(importer, decision.SparseFeatures?.Indices, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
                await WriteOrNullAsync(importer, decision.SparseFeatures?.Values, NpgsqlDbType.Array | NpgsqlDbType.Real, cancellationToken);
                await WriteOrNullAsync(importer, decision.UserId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(itemIds, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(slots, NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(scores, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
                await importer.WriteAsync(propensities, NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
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
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryWriteBatchMarkerAsync(connection, batchId, cancellationToken))
        {
            return;
        }

        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY rewards ({RewardColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var reward in rewards)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(reward.EventId, NpgsqlDbType.Text, cancellationToken);
                await WriteOrNullAsync(importer, reward.Surface, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(reward.ItemId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(reward.Reward, NpgsqlDbType.Double, cancellationToken);
                await importer.WriteAsync(StorageTime.Normalize(reward.At), NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync((short)reward.Outcome, NpgsqlDbType.Smallint, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<DecisionRecord> ReadDecisionsAsync(string? surface, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadPagedAsync("decisions", DecisionColumns, surface, from, to, ReadDecision, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<RewardRecord> ReadRewardsAsync(string? surface, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        ReadPagedAsync("rewards", RewardColumns, surface, from, to, ReadReward, cancellationToken);

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
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM log_batches WHERE id = $1)", connection)
        {
            Parameters = { new NpgsqlParameter<Guid> { TypedValue = batchId } },
        };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Claims the batch's marker first: when an earlier attempt of the same batch committed (or is still committing,
    /// which this insert waits for), nothing is inserted and the batch must not be written again.
    /// </summary>
    /// <returns><see langword="false"/> when the batch is already in the log.</returns>
    private static async Task<bool> TryWriteBatchMarkerAsync(NpgsqlConnection connection, Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("INSERT INTO log_batches (id) VALUES ($1) ON CONFLICT (id) DO NOTHING", connection)
        {
            Parameters = { new NpgsqlParameter<Guid> { TypedValue = batchId } },
        };
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<long> PurgeTableAsync(string table, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        long total = 0;
        await using var connection = await OpenAsync(cancellationToken);
        // Deleting in bounded batches keeps each transaction short, so the log writers are never blocked for long.
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE at < $1 ORDER BY at, id LIMIT $2)",
            connection)
        {
            Parameters =
            {
                new NpgsqlParameter<DateTimeOffset> { TypedValue = StorageTime.Normalize(cutoff), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<int> { TypedValue = PurgeBatchSize },
            },
        };
        int deleted;
        do
        {
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    // Keyset pagination over (at, id): each page is a short query, so a long offline read neither holds a
    // transaction open nor buffers the range in memory.
    private async IAsyncEnumerable<T> ReadPagedAsync<T>(
        string table,
        string columns,
        string? surface,
        DateTimeOffset from,
        DateTimeOffset to,
        Func<NpgsqlDataReader, T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var surfaceFilter = surface is null ? "" : "surface = $5 AND ";
        var sql = $"""
            SELECT id, {columns} FROM {table}
            WHERE {surfaceFilter}(at, id) > ($1, $2) AND at < $3
            ORDER BY at, id
            LIMIT $4
            """;
        var afterAt = StorageTime.Normalize(from);
        var afterId = 0L;
        var end = StorageTime.Normalize(to);
        var pageSize = options.ReadPageSize;
        while (true)
        {
            var page = new List<T>(Math.Min(pageSize, 1024));
            await using (var connection = await OpenAsync(cancellationToken))
            await using (var command = new NpgsqlCommand(sql, connection))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = afterAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = end, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize });
                if (surface is not null)
                {
                    command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = surface, NpgsqlDbType = NpgsqlDbType.Text });
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    afterId = reader.GetInt64(0);
                    afterAt = reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("at"));
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

    private static DecisionRecord ReadDecision(NpgsqlDataReader reader)
    {
        var itemIds = reader.GetFieldValue<string[]>(10);
        var slots = reader.GetFieldValue<int[]>(11);
        var scores = reader.GetFieldValue<double[]>(12);
        var propensities = reader.GetFieldValue<double[]>(13);
        var items = new DecisionItem[itemIds.Length];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new DecisionItem(itemIds[i], slots[i], scores[i], propensities[i]);
        }

        return new DecisionRecord
        {
            EventId = reader.GetString(1),
            Surface = reader.GetString(2),
            At = reader.GetFieldValue<DateTimeOffset>(3),
            Policy = reader.GetString(4),
            ModelVersion = reader.GetInt64(5),
            Features = reader.IsDBNull(6) ? null : reader.GetFieldValue<float[]>(6),
            SparseFeatures = reader.IsDBNull(7) ? null : new SparseFeatures(reader.GetFieldValue<int[]>(7), reader.GetFieldValue<float[]>(8)),
            UserId = reader.IsDBNull(9) ? null : reader.GetString(9),
            Items = items,
        };
    }

    private static RewardRecord ReadReward(NpgsqlDataReader reader) => new(
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        reader.GetDouble(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        (RewardOutcome)reader.GetInt16(6));

    private static async Task WriteOrNullAsync<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, type, cancellationToken);
        }
    }
}
