using BanditServe.Streaming.Checkpoints;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>Keeps the latest checkpoint in memory: the consumer still captures state on its schedule, as in production.</summary>
internal sealed class BenchCheckpointStore : IStreamCheckpointStore
{
    private volatile StreamCheckpoint? _latest;

    public Task SaveAsync(StreamCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        // The consumer's join changes after the save returns: keep its bytes as they are now.
        _latest = checkpoint with { JoinState = checkpoint.JoinStateBytes(), WriteJoinState = null };
        return Task.CompletedTask;
    }

    public Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken) => Task.FromResult(_latest);
}
