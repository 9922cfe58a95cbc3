using BanditServe.Streaming.Checkpoints;

namespace BanditServe.Streaming.Tests.Consuming;

/// <summary>Checkpoint store (test double of our own port); <see cref="Freeze"/> drops later saves, as a crash would.</summary>
internal sealed class InMemoryCheckpointStore : IStreamCheckpointStore
{
    private readonly Lock _gate = new();
    private readonly List<StreamCheckpoint> _saved = [];
    private bool _frozen;

    public IReadOnlyList<StreamCheckpoint> Saved
    {
        get
        {
            lock (_gate)
            {
                return [.. _saved];
            }
        }
    }

    public void Freeze()
    {
        lock (_gate)
        {
            _frozen = true;
        }
    }

    public Task SaveAsync(StreamCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_frozen)
            {
                // The consumer's join changes after the save returns: keep its bytes as they are now.
                _saved.Add(checkpoint with { JoinState = checkpoint.JoinStateBytes(), WriteJoinState = null });
            }
        }

        return Task.CompletedTask;
    }

    public Task<StreamCheckpoint?> LoadLatestAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_saved.Count == 0 ? null : _saved[^1]);
        }
    }
}
