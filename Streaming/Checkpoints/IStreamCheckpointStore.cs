namespace BanditServe.Streaming.Checkpoints;

/// <summary>Durable home of stream checkpoints; implemented by the composition root over Storage.</summary>
public interface IStreamCheckpointStore
{
    /// <summary>Saves <paramref name="checkpoint"/> atomically (all of it or nothing).</summary>
    Task SaveAsync(StreamCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The newest saved checkpoint, or <see langword="null"/> when there is none.</summary>
    Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken);
}
