using System.Globalization;
using System.IO.Hashing;
using Dapper;
using Microsoft.Data.Sqlite;

namespace BanditServe.Storage;

public sealed partial class SqliteBanditStore
{
    /// <summary>
    /// A join-state file that no checkpoint names is deleted once it is this old. Younger ones may belong to a save
    /// that has written its file and not yet committed its row.
    /// </summary>
    internal static readonly TimeSpan UnnamedJoinFileAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The directory beside the database (<c>&lt;database&gt;-checkpoints</c>) that holds each kept checkpoint's join
    /// state. A copy or backup of the database needs it too; without it a checkpoint is refused as damaged.
    /// </summary>
    public string CheckpointDirectory => DatabasePath + "-checkpoints";

    /// <inheritdoc />
    /// <remarks>
    /// The join state (tens of MB on a loaded server) is written to a file of its own and synced before the row that
    /// names it commits; the database keeps its length and hash. Bound as a blob, SQLite copied it twice in memory and
    /// wrote it through the WAL a page at a time: about 1 s of the consumer thread per checkpoint at 55 MB, and no more
    /// than 1 GB in all. Pruned checkpoints' files are deleted after the commit.
    /// </remarks>
    public async Task<long> SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await using var connection = await OpenAsync(cancellationToken);
        var joinFile = WriteJoinFile(checkpoint);
        long id;
        List<string> prunedFiles;
        try
        {
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO checkpoints (at, join_state, join_file, join_length, join_hash)
                VALUES (@at, zeroblob(0), @file, @length, @hash) RETURNING id
                """,
                new { at = StorageTime.ToUnixMicroseconds(checkpoint.At), file = joinFile.Name, length = joinFile.Length, hash = joinFile.Hash },
                transaction,
                cancellationToken: cancellationToken));
            foreach (var (surface, model) in checkpoint.SurfaceModels)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO checkpoint_models (checkpoint_id, surface, model) VALUES (@id, @surface, @model)",
                    new { id, surface, model },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            foreach (var offset in checkpoint.Offsets)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO checkpoint_offsets (checkpoint_id, topic, partition, \"offset\") VALUES (@id, @Topic, @Partition, @Offset)",
                    new { id, offset.Topic, offset.Partition, offset.Offset },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            const string Pruned = "FROM checkpoints WHERE id NOT IN (SELECT id FROM checkpoints ORDER BY id DESC LIMIT @keep)";
            var keep = new { keep = options.CheckpointsToKeep };
            prunedFiles = [.. await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT join_file {Pruned} AND join_file IS NOT NULL", keep, transaction, cancellationToken: cancellationToken))];
            await connection.ExecuteAsync(new CommandDefinition($"DELETE {Pruned}", keep, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            TryDeleteFile(Path.Combine(CheckpointDirectory, joinFile.Name));
            throw;
        }

        foreach (var pruned in prunedFiles)
        {
            TryDeleteFile(Path.Combine(CheckpointDirectory, pruned));
        }

        await DeleteUnnamedJoinFilesAsync(connection, cancellationToken);
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
        // A read transaction gives the three reads one snapshot, so a concurrent save's pruning cannot split them.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var header = await connection.QuerySingleOrDefaultAsync<(long Id, long At, byte[] JoinState, string? JoinFile, long? JoinLength, long? JoinHash)?>(new CommandDefinition(
            "SELECT id, at, join_state, join_file, join_length, join_hash FROM checkpoints WHERE id < @beforeId ORDER BY id DESC LIMIT 1",
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
        var offsets = await connection.QueryAsync<(string Topic, long Partition, long Offset)>(new CommandDefinition(
            "SELECT topic, partition, \"offset\" FROM checkpoint_offsets WHERE checkpoint_id = @id ORDER BY topic, partition",
            new { id = found.Id },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        // Rows saved before 0003_checkpoint_files hold their join state inline.
        var (joinState, damage) = found.JoinFile is { } joinFile
            ? await ReadJoinFileAsync(joinFile, found.JoinLength ?? -1, found.JoinHash ?? 0, cancellationToken)
            : (found.JoinState, null);
        return new Checkpoint(
            StorageTime.FromUnixMicroseconds(found.At),
            models.ToDictionary(model => model.Surface, model => model.Model, StringComparer.Ordinal),
            [.. offsets.Select(offset => new KafkaOffset(offset.Topic, checked((int)offset.Partition), offset.Offset))],
            joinState)
        {
            Id = found.Id,
            Damage = damage,
        };
    }

    private (string Name, long Length, long Hash) WriteJoinFile(Checkpoint checkpoint)
    {
        if (!Directory.Exists(CheckpointDirectory))
        {
            Directory.CreateDirectory(CheckpointDirectory);
            DirectoryEntries.Flush(Path.GetDirectoryName(Path.GetFullPath(CheckpointDirectory))!);
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{StorageTime.ToUnixMicroseconds(checkpoint.At)}-{Guid.NewGuid():N}.join");
        var path = Path.Combine(CheckpointDirectory, name);
        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                BufferSize = 0,
                // With the bytes at hand a full disk fails here, before any is written.
                PreallocationSize = checkpoint.WriteJoinState is null ? checkpoint.JoinState.LongLength : 0,
            });
            var hashed = new HashingWriteStream(file);
            if (checkpoint.WriteJoinState is { } write)
            {
                write(hashed);
            }
            else
            {
                hashed.Write(checkpoint.JoinState);
            }

            // Durable before the row that names it commits, so a committed checkpoint never points at lost data: the
            // bytes, and the file's name in its directory (without that a power loss can drop the new file).
            file.Flush(flushToDisk: true);
            DirectoryEntries.Flush(CheckpointDirectory);
            return (name, hashed.Length, unchecked((long)hashed.Hash.GetCurrentHashAsUInt64()));
        }
        catch
        {
            TryDeleteFile(path);
            throw;
        }
    }

    private async Task<(byte[] JoinState, string? Damage)> ReadJoinFileAsync(string name, long length, long hash, CancellationToken cancellationToken)
    {
        var path = Path.Combine(CheckpointDirectory, name);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return ([], $"its join-state file {path} is missing");
        }

        if (bytes.LongLength != length)
        {
            return ([], $"its join-state file {path} holds {bytes.LongLength} bytes, {length} were saved");
        }

        return unchecked((long)XxHash3.HashToUInt64(bytes)) == hash
            ? (bytes, null)
            : ([], $"its join-state file {path} does not match the hash saved with it");
    }

    private async Task DeleteUnnamedJoinFilesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // Left by a process that stopped between writing a file and committing its row, or by a failed delete.
        var named = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT join_file FROM checkpoints WHERE join_file IS NOT NULL", cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var before = DateTime.UtcNow - UnnamedJoinFileAge;
        foreach (var file in new DirectoryInfo(CheckpointDirectory).EnumerateFiles("*.join"))
        {
            if (!named.Contains(file.Name) && file.LastWriteTimeUtc < before)
            {
                TryDeleteFile(file.FullName);
            }
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next save's sweep of unnamed files.
        }
    }

    /// <inheritdoc />
    public async Task<long> SaveSnapshotAsync(string surface, long modelVersion, byte[] model, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(surface);
        ArgumentNullException.ThrowIfNull(model);
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO snapshots (surface, model_version, model, created_at) VALUES (@surface, @modelVersion, @model, @createdAt) RETURNING id",
            new { surface, modelVersion, model, createdAt = StorageTime.ToUnixMicroseconds(DateTimeOffset.UtcNow) },
            cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public async Task<ModelSnapshot?> LoadLatestSnapshotAsync(string surface, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, long ModelVersion, byte[] Model, long CreatedAt)?>(new CommandDefinition(
            "SELECT id, model_version, model, created_at FROM snapshots WHERE surface = @surface ORDER BY id DESC LIMIT 1",
            new { surface },
            cancellationToken: cancellationToken));
        return row is { } found
            ? new ModelSnapshot(found.Id, surface, found.ModelVersion, found.Model, StorageTime.FromUnixMicroseconds(found.CreatedAt))
            : null;
    }

    /// <summary>Passes writes on to a file, counting and hashing them (XxHash3) on the way.</summary>
    private sealed class HashingWriteStream(Stream destination) : Stream
    {
        public XxHash3 Hash { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.Append(buffer);
            destination.Write(buffer);
            Position += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush() => destination.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
