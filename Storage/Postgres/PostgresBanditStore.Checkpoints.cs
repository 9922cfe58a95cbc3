using System.Data;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BanditServe.Storage;

public sealed partial class PostgresBanditStore
{
    /// <summary>The largest value PostgreSQL stores in one field (1 GB less one byte).</summary>
    internal const long MaxValueBytes = (1L << 30) - 1;

    /// <summary>The largest join state a checkpoint may carry: <see cref="MaxValueBytes"/>, lowered by tests.</summary>
    internal long MaxJoinStateBytes { get; set; } = MaxValueBytes;

    /// <inheritdoc />
    public async Task<long> SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // Written out before the transaction opens, into pooled chunks that Npgsql streams to the server from there: no
        // array of the whole state (55 MB under the rank load test) is made for it.
        using var written = checkpoint.WriteJoinState is null ? null : new ChunkedMemoryStream();
        checkpoint.WriteJoinState?.Invoke(written!);

        long joinLength = written?.Length ?? checkpoint.JoinState.LongLength;
        if (joinLength > MaxJoinStateBytes)
        {
            throw new InvalidOperationException(
                $"The checkpoint's reward-join state is {joinLength:N0} bytes, more than PostgreSQL keeps in one value ({MaxJoinStateBytes:N0}): "
                + "lower Kafka:ClosedEventCapacity or the surfaces' reward windows, or use SQLite, which keeps it in a file.");
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand("INSERT INTO checkpoints (at, join_state) VALUES ($1, $2) RETURNING id", connection, transaction)
        {
            Parameters =
            {
                new NpgsqlParameter { Value = StorageTime.Normalize(checkpoint.At) },
                new NpgsqlParameter { Value = written is null ? checkpoint.JoinState : written.OpenRead(), NpgsqlDbType = NpgsqlDbType.Bytea },
            },
        };
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;

        foreach (var (surface, model) in checkpoint.SurfaceModels)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO checkpoint_models (checkpoint_id, surface, model) VALUES (@id, @surface, @model)",
                new { id, surface, model },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (checkpoint.Offsets.Count > 0)
        {
            await using var offsets = new NpgsqlCommand(
                """
                INSERT INTO checkpoint_offsets (checkpoint_id, topic, partition, "offset")
                SELECT $1, t.topic, t.partition, t.next_offset FROM unnest($2, $3, $4) AS t(topic, partition, next_offset)
                """,
                connection,
                transaction)
            {
                Parameters =
                {
                    new NpgsqlParameter<long> { TypedValue = id },
                    new NpgsqlParameter<string[]> { TypedValue = [.. checkpoint.Offsets.Select(o => o.Topic)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                    new NpgsqlParameter<int[]> { TypedValue = [.. checkpoint.Offsets.Select(o => o.Partition)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                    new NpgsqlParameter<long[]> { TypedValue = [.. checkpoint.Offsets.Select(o => o.Offset)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                },
            };
            await offsets.ExecuteNonQueryAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM checkpoints WHERE id NOT IN (SELECT id FROM checkpoints ORDER BY id DESC LIMIT @keep)",
            new { keep = options.CheckpointsToKeep },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <inheritdoc />
    public Task<Checkpoint?> LoadLatestCheckpointAsync(CancellationToken cancellationToken) =>
        LoadCheckpointAsync(long.MaxValue, cancellationToken);

    /// <inheritdoc />
    public Task<Checkpoint?> LoadCheckpointBeforeAsync(long checkpointId, CancellationToken cancellationToken) =>
        LoadCheckpointAsync(checkpointId, cancellationToken);

    private async Task<Checkpoint?> LoadCheckpointAsync(long beforeId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // One snapshot of the database for the three reads, so a concurrent save's pruning cannot split them.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var header = await connection.QuerySingleOrDefaultAsync<(long Id, DateTime At, byte[] JoinState)?>(new CommandDefinition(
            "SELECT id, at, join_state FROM checkpoints WHERE id < @beforeId ORDER BY id DESC LIMIT 1",
            new { beforeId },
            transaction,
            cancellationToken: cancellationToken));
        if (header is not { } found)
        {
            return null;
        }

        var models = await connection.QueryAsync<(string Surface, byte[] Model)>(new CommandDefinition(
            "SELECT surface, model FROM checkpoint_models WHERE checkpoint_id = @id",
            new { id = found.Id },
            transaction,
            cancellationToken: cancellationToken));
        var offsets = await connection.QueryAsync<(string Topic, int Partition, long Offset)>(new CommandDefinition(
            "SELECT topic, partition, \"offset\" FROM checkpoint_offsets WHERE checkpoint_id = @id ORDER BY topic, partition",
            new { id = found.Id },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new Checkpoint(
            PostgresTime.FromTimestampTz(found.At),
            models.ToDictionary(model => model.Surface, model => model.Model, StringComparer.Ordinal),
            [.. offsets.Select(offset => new KafkaOffset(offset.Topic, offset.Partition, offset.Offset))],
            found.JoinState)
        {
            Id = found.Id,
        };
    }

    /// <inheritdoc />
    public async Task<long> SaveSnapshotAsync(string surface, long modelVersion, byte[] model, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(surface);
        ArgumentNullException.ThrowIfNull(model);
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO snapshots (surface, model_version, model, created_at) VALUES (@surface, @modelVersion, @model, @createdAt) RETURNING id",
            new { surface, modelVersion, model, createdAt = StorageTime.Normalize(DateTimeOffset.UtcNow) },
            cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public async Task<ModelSnapshot?> LoadLatestSnapshotAsync(string surface, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, long ModelVersion, byte[] Model, DateTime CreatedAt)?>(new CommandDefinition(
            "SELECT id, model_version, model, created_at FROM snapshots WHERE surface = @surface ORDER BY id DESC LIMIT 1",
            new { surface },
            cancellationToken: cancellationToken));
        return row is { } found
            ? new ModelSnapshot(found.Id, surface, found.ModelVersion, found.Model, PostgresTime.FromTimestampTz(found.CreatedAt))
            : null;
    }
}
