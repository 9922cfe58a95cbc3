namespace BanditServe.Storage;

/// <summary>A persisted copy of one surface's model.</summary>
/// <param name="SnapshotId">The id the store assigned (ids increase).</param>
/// <param name="Surface">The surface id.</param>
/// <param name="ModelVersion">The model version the blob holds.</param>
/// <param name="Model">The opaque model blob.</param>
/// <param name="CreatedAt">When the snapshot was saved.</param>
public sealed record ModelSnapshot(long SnapshotId, string Surface, long ModelVersion, byte[] Model, DateTimeOffset CreatedAt);
