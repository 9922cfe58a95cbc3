namespace BanditServe.Storage;

/// <summary>One item of a surface's catalog. Deactivated items are kept for offline evaluation.</summary>
/// <param name="Surface">The surface the item belongs to.</param>
/// <param name="ItemId">The item id, unique within the surface.</param>
/// <param name="Active">Whether the item may be recommended.</param>
/// <param name="CreatedAt">When the item was first stored.</param>
/// <param name="UpdatedAt">When the item was last written.</param>
public sealed record ItemRecord(string Surface, string ItemId, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
