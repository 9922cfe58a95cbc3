namespace BanditServe.Streaming.Checkpoints;

/// <summary>
/// Model state, join state and consumer offsets captured together on the consumer thread, so that
/// restoring all three and consuming from <see cref="Offsets"/> neither loses nor repeats a reward
/// (ARCHITECTURE.md, data flow 4). Stores must save it atomically.
/// </summary>
/// <param name="ModelState">From <see cref="Learning.ILearningSink.CaptureState"/>.</param>
/// <param name="JoinState">From <see cref="Join.RewardJoin.ToBytes"/>.</param>
/// <param name="Offsets">Next offset per partition consumed so far; partitions absent start from the beginning.</param>
/// <param name="CreatedAt">When the checkpoint was captured.</param>
public sealed record StreamCheckpoint(
    byte[] ModelState,
    byte[] JoinState,
    IReadOnlyList<StreamOffset> Offsets,
    DateTimeOffset CreatedAt);
