using BanditServe.Streaming.Checkpoints;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>Keeps the latest checkpoint in memory: the consumer still captures state on its schedule, as in production.</summary>
internal sealed class BenchCheckpointStore : IStreamCheckpointStore
{
    private volatile StreamCheckpoint? _latest;

    public Task SaveAsync(StreamCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        _latest = checkpoint;
        return Task.CompletedTask;
    }

    public Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken) => Task.FromResult(_latest);
}
