using BanditServe.Storage;
using BanditServe.Streaming.Checkpoints;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Learning;

/// <summary>
/// The consumer's checkpoints in storage: model state, Kafka offsets and join state in ONE
/// transaction (<see cref="IBanditStore.SaveCheckpointAsync"/>), so a restart resumes exactly.
/// A checkpoint that cannot be restored (corrupt, truncated, another format version) is refused
/// with a log line naming it, and the one before it is used.
/// </summary>
public sealed class StorageCheckpointStore(
    IBanditStore store,
    ISurfaceDirectory surfaces,
    IOptions<KafkaOptions> kafka,
    ILogger<StorageCheckpointStore> logger) : IStreamCheckpointStore
{
    /// <summary>The key under which the whole server's model state is stored in a checkpoint.</summary>
    public const string ModelStateKey = "*";

    public async Task SaveAsync(StreamCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await store.SaveCheckpointAsync(
            new Checkpoint(
                checkpoint.CreatedAt,
                new Dictionary<string, byte[]> { [ModelStateKey] = checkpoint.ModelState },
                [.. checkpoint.Offsets.Select(o => new KafkaOffset(o.Topic, o.Partition, o.NextOffset))],
                checkpoint.JoinState)
            {
                WriteJoinState = checkpoint.WriteJoinState is { } write ? destination => write(destination) : null,
            },
            cancellationToken);
    }

    public async Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await store.LoadLatestCheckpointAsync(cancellationToken);
        while (checkpoint is not null)
        {
            var problem = Validate(checkpoint);
            if (problem is null)
            {
                return new StreamCheckpoint(
                    checkpoint.SurfaceModels[ModelStateKey],
                    checkpoint.JoinState,
                    [.. checkpoint.Offsets.Select(o => new StreamOffset(o.Topic, o.Partition, o.Offset))],
                    checkpoint.At);
            }

            Log.CheckpointRefused(logger, checkpoint.Id, checkpoint.At, problem);
            checkpoint = await store.LoadCheckpointBeforeAsync(checkpoint.Id, cancellationToken);
        }

        return null;
    }

    private string? Validate(Checkpoint checkpoint)
    {
        if (checkpoint.Damage is { } damage)
        {
            return damage;
        }

        if (!checkpoint.SurfaceModels.TryGetValue(ModelStateKey, out var modelState))
        {
            return "it holds no model state";
        }

        if (SurfaceLearningSink.ValidateState(modelState) is { } modelProblem)
        {
            return "model state: " + modelProblem;
        }

        try
        {
            _ = RewardJoin.FromBytes(checkpoint.JoinState, surfaces, kafka.Value.ToJoinOptions());
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or EndOfStreamException or FormatException)
        {
            return "join state: " + ex.Message;
        }
    }
}
