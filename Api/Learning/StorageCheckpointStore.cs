using BanditServe.Storage;
using BanditServe.Streaming.Checkpoints;

namespace BanditServe.Api.Learning;

/// <summary>
/// The consumer's checkpoints in storage: model state, Kafka offsets and join state in ONE
/// transaction (<see cref="IBanditStore.SaveCheckpointAsync"/>), so a restart resumes exactly.
/// </summary>
public sealed class StorageCheckpointStore(IBanditStore store) : IStreamCheckpointStore
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
                checkpoint.JoinState),
            cancellationToken);
    }

    public async Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await store.LoadLatestCheckpointAsync(cancellationToken);
        if (checkpoint is null || !checkpoint.SurfaceModels.TryGetValue(ModelStateKey, out var modelState))
        {
            return null;
        }

        return new StreamCheckpoint(
            modelState,
            checkpoint.JoinState,
            [.. checkpoint.Offsets.Select(o => new StreamOffset(o.Topic, o.Partition, o.Offset))],
            checkpoint.At);
    }
}
