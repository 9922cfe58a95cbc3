namespace BanditServe.Storage;

/// <summary>
/// A consistent restart point: every surface's model, the Kafka offsets those models reflect and the reward-join
/// state, saved together in one transaction so that no reward is lost or applied twice after a restart.
/// </summary>
/// <param name="At">When the checkpoint was taken.</param>
/// <param name="SurfaceModels">The opaque model blob of each surface, keyed by surface id.</param>
/// <param name="Offsets">The consumer offsets the models reflect.</param>
/// <param name="JoinState">The opaque reward-join state blob; empty on a save where <see cref="WriteJoinState"/> gives it.</param>
public sealed record Checkpoint(
    DateTimeOffset At,
    IReadOnlyDictionary<string, byte[]> SurfaceModels,
    IReadOnlyList<KafkaOffset> Offsets,
    byte[] JoinState)
{
    /// <summary>The id the store assigned; 0 on a checkpoint that was not loaded from the store.</summary>
    public long Id { get; init; }

    /// <summary>
    /// Why the store could not give this checkpoint back whole (for example its join-state file is missing or does
    /// not match what was saved), or null. A damaged checkpoint must not be restored.
    /// </summary>
    public string? Damage { get; init; }

    /// <summary>
    /// On a save, writes the join state into a stream instead of <see cref="JoinState"/>: a store that keeps it in a
    /// file streams it there, and PostgreSQL from pooled chunks, without one array of it. Called at most once, before the
    /// save returns.
    /// </summary>
    public Action<Stream>? WriteJoinState { get; init; }

    /// <summary>The join state as one array: <see cref="JoinState"/>, or what <see cref="WriteJoinState"/> writes.</summary>
    public byte[] JoinStateBytes()
    {
        if (WriteJoinState is null)
        {
            return JoinState;
        }

        using var buffer = new ChunkedMemoryStream();
        WriteJoinState(buffer);
        return buffer.ToArray();
    }
}
