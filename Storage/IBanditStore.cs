namespace BanditServe.Storage;

/// <summary>
/// The one storage contract of BanditServe, implemented by the PostgreSQL provider (production) and the
/// SQLite provider (embedded default). Every call is asynchronous and cancellable.
/// </summary>
/// <remarks>
/// Model state and reward-join state are opaque byte blobs produced by other modules; the store never
/// interprets them. Times are stored in UTC with microsecond precision (PostgreSQL's resolution), so a
/// <see cref="DateTimeOffset"/> read back equals the one written once truncated to whole microseconds.
/// Log reads are half-open time ranges <c>[from, to)</c>, in time order, streamed page by page.
/// </remarks>
public interface IBanditStore
{
    /// <summary>Brings the schema up to date. Idempotent and safe when several servers start at once.</summary>
    /// <param name="cancellationToken">Cancels the migration.</param>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces a surface's configuration.</summary>
    /// <param name="surface">The configuration to store; <see cref="SurfaceRecord.CreatedAt"/> is kept from the existing row when there is one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored configuration, with the creation time of the first write.</returns>
    Task<SurfaceRecord> UpsertSurfaceAsync(SurfaceRecord surface, CancellationToken cancellationToken);

    /// <summary>Reads one surface's configuration.</summary>
    /// <param name="surface">The surface id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The configuration, or <see langword="null"/> when the surface does not exist.</returns>
    Task<SurfaceRecord?> GetSurfaceAsync(string surface, CancellationToken cancellationToken);

    /// <summary>Lists every surface, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<SurfaceRecord>> ListSurfacesAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a surface with its items and snapshots. Decision and reward logs are kept until retention purges them.</summary>
    /// <param name="surface">The surface id.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when the surface existed.</returns>
    Task<bool> DeleteSurfaceAsync(string surface, CancellationToken cancellationToken);

    /// <summary>Creates or updates one item of an existing surface.</summary>
    /// <param name="item">The item; <see cref="ItemRecord.CreatedAt"/> is kept from the existing row when there is one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="UnknownSurfaceException">The item's surface does not exist.</exception>
    Task UpsertItemAsync(ItemRecord item, CancellationToken cancellationToken);

    /// <summary>Creates or updates many items of one existing surface in one transaction (sized for 100,000 items).</summary>
    /// <param name="surface">The surface every item belongs to.</param>
    /// <param name="items">The items; each must name <paramref name="surface"/>. When an id repeats, the last one wins.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is written then.</param>
    /// <returns>The number of distinct items written.</returns>
    /// <exception cref="UnknownSurfaceException">The surface does not exist.</exception>
    /// <exception cref="ArgumentException">An item names another surface.</exception>
    Task<int> UpsertItemsAsync(string surface, IReadOnlyList<ItemRecord> items, CancellationToken cancellationToken);

    /// <summary>Lists a surface's items (active and inactive), ordered by item id.</summary>
    /// <param name="surface">The surface id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<ItemRecord>> ListItemsAsync(string surface, CancellationToken cancellationToken);

    /// <summary>Lists items of every surface changed at or after a time (how replicas pick up each other's catalog changes).</summary>
    /// <param name="since">Inclusive lower bound on <see cref="ItemRecord.UpdatedAt"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The changed items, oldest change first.</returns>
    Task<IReadOnlyList<ItemRecord>> ListItemsChangedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Appends decisions to the decision log in one batch (binary COPY on PostgreSQL) under a fresh batch id.</summary>
    /// <param name="decisions">The decisions; all or none are written.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task AppendDecisionsAsync(IReadOnlyList<DecisionRecord> decisions, CancellationToken cancellationToken);

    /// <summary>Appends decisions to the decision log in one batch (binary COPY on PostgreSQL).</summary>
    /// <param name="decisions">The decisions; all or none are written.</param>
    /// <param name="batchId">Committed with the batch, so <see cref="LogBatchExistsAsync"/> can tell later whether it went through.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task AppendDecisionsAsync(IReadOnlyList<DecisionRecord> decisions, Guid batchId, CancellationToken cancellationToken);

    /// <summary>Appends rewards to the reward log in one batch (binary COPY on PostgreSQL) under a fresh batch id.</summary>
    /// <param name="rewards">The rewards; all or none are written.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task AppendRewardsAsync(IReadOnlyList<RewardRecord> rewards, CancellationToken cancellationToken);

    /// <summary>Appends rewards to the reward log in one batch (binary COPY on PostgreSQL).</summary>
    /// <param name="rewards">The rewards; all or none are written.</param>
    /// <param name="batchId">Committed with the batch, so <see cref="LogBatchExistsAsync"/> can tell later whether it went through.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task AppendRewardsAsync(IReadOnlyList<RewardRecord> rewards, Guid batchId, CancellationToken cancellationToken);

    /// <summary>
    /// Tells whether a decision or reward batch was committed. A writer whose connection broke while the commit was in
    /// flight asks this before writing the batch again, so a lost acknowledgement does not duplicate log rows.
    /// </summary>
    /// <param name="batchId">The id the batch was appended under.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> when the batch is in the log (until retention purges its time range).</returns>
    Task<bool> LogBatchExistsAsync(Guid batchId, CancellationToken cancellationToken);

    /// <summary>Streams the decision log of a time range in time order without loading it all into memory.</summary>
    /// <param name="surface">The surface to read, or <see langword="null"/> for every surface.</param>
    /// <param name="from">Inclusive start.</param>
    /// <param name="to">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>Decisions logged at the same instant come in the order they were appended.</remarks>
    IAsyncEnumerable<DecisionRecord> ReadDecisionsAsync(string? surface, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Streams the reward log of a time range in time order without loading it all into memory.</summary>
    /// <param name="surface">The surface to read (rewards logged without a surface are not included), or <see langword="null"/> for every reward.</param>
    /// <param name="from">Inclusive start.</param>
    /// <param name="to">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <remarks>Rewards logged at the same instant come in the order they were appended.</remarks>
    IAsyncEnumerable<RewardRecord> ReadRewardsAsync(string? surface, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Deletes decision and reward log entries older than a cutoff.</summary>
    /// <param name="cutoff">Entries with <c>At &lt; cutoff</c> are deleted.</param>
    /// <param name="cancellationToken">Cancels the purge; what was already deleted stays deleted.</param>
    /// <returns>How many entries of each log were deleted.</returns>
    Task<PurgeResult> PurgeLogsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Deletes the markers of log batches committed before a cutoff (see <see cref="LogBatchExistsAsync"/>).</summary>
    /// <param name="cutoff">Markers written before it are deleted; a writer only asks about a batch minutes after writing it.</param>
    /// <param name="cancellationToken">Cancels the purge.</param>
    /// <returns>How many markers were deleted.</returns>
    Task<long> PurgeLogBatchMarkersBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Saves, in one transaction, every surface's model blob, the Kafka offsets they reflect, the reward-join state
    /// and the time; older checkpoints beyond <see cref="StorageOptions.CheckpointsToKeep"/> are removed in the same transaction.
    /// </summary>
    /// <param name="checkpoint">The checkpoint; its <see cref="Checkpoint.Id"/> is ignored.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is written then.</param>
    /// <returns>The id of the new checkpoint (ids increase).</returns>
    Task<long> SaveCheckpointAsync(Checkpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Loads the newest checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The newest checkpoint with its <see cref="Checkpoint.Id"/>, or <see langword="null"/> when none was saved.</returns>
    Task<Checkpoint?> LoadLatestCheckpointAsync(CancellationToken cancellationToken);

    /// <summary>Loads the newest checkpoint older than another one (the fallback when that one cannot be used).</summary>
    /// <param name="checkpointId">The id of the checkpoint to go back from.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The newest checkpoint with an id below <paramref name="checkpointId"/>, or <see langword="null"/> when there is none.</returns>
    Task<Checkpoint?> LoadCheckpointBeforeAsync(long checkpointId, CancellationToken cancellationToken);

    /// <summary>Persists one surface's model (an admin snapshot).</summary>
    /// <param name="surface">The surface id.</param>
    /// <param name="modelVersion">The model version the blob holds.</param>
    /// <param name="model">The opaque model blob.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The id of the new snapshot (ids increase).</returns>
    Task<long> SaveSnapshotAsync(string surface, long modelVersion, byte[] model, CancellationToken cancellationToken);

    /// <summary>Loads a surface's newest snapshot.</summary>
    /// <param name="surface">The surface id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The newest snapshot, or <see langword="null"/> when the surface has none.</returns>
    Task<ModelSnapshot?> LoadLatestSnapshotAsync(string surface, CancellationToken cancellationToken);
}
