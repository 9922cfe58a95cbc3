namespace BanditServe.Streaming.Checkpoints;

/// <summary>
/// Model state, join state and consumer offsets captured together on the consumer thread, so that
/// restoring all three and consuming from <see cref="Offsets"/> neither loses nor repeats a reward
/// (ARCHITECTURE.md, data flow 4). Stores must save it atomically.
/// </summary>
/// <param name="ModelState">From <see cref="Learning.ILearningSink.CaptureState"/>.</param>
/// <param name="JoinState">From <see cref="Join.RewardJoin.ToBytes"/>; empty where <see cref="WriteJoinState"/> gives it.</param>
/// <param name="Offsets">Next offset per partition consumed so far; partitions absent start from the beginning.</param>
/// <param name="CreatedAt">When the checkpoint was captured.</param>
public sealed record StreamCheckpoint(
    byte[] ModelState,
    byte[] JoinState,
    IReadOnlyList<StreamOffset> Offsets,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// Set on the checkpoints the consumer saves: writes the join state (<see cref="Join.RewardJoin.WriteTo"/>) into a
    /// stream and returns its length, so that a store can put tens of MB where they go without one array of them.
    /// A store calls it at most once, before its save returns: the consumer changes the join afterwards.
    /// </summary>
    public Func<Stream, long>? WriteJoinState { get; init; }

    /// <summary>The join state as one array: <see cref="JoinState"/>, or what <see cref="WriteJoinState"/> writes.</summary>
    public byte[] JoinStateBytes()
    {
        if (WriteJoinState is null)
        {
            return JoinState;
        }

        using var buffer = new MemoryStream();
        WriteJoinState(buffer);
        return buffer.ToArray();
    }
}
