using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>A decision the join knows: open until its window closes, then remembered without its context.</summary>
internal sealed class JoinEntry
{
    public required string EventId { get; init; }

    public required string Surface { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    public required double? DefaultReward { get; init; }

    public required long? Period { get; init; }

    public required string[] ItemIds { get; init; }

    public required bool[] Rewarded { get; init; }

    private float[]? _dense;
    private SparseFeatureVector? _sparse;

    /// <summary>
    /// The decision's context for the examples it yields. Only the vectors are kept: the wrapper is made when an
    /// example needs it, so an open decision holds one object fewer for every garbage collection to copy.
    /// </summary>
    public ContextFeatures Features
    {
        get => _dense is null && _sparse is null ? ContextFeatures.None : new ContextFeatures(_dense, _sparse);
        set => (_dense, _sparse) = (value.Dense, value.Sparse);
    }

    public int IndexOf(string itemId) => Array.IndexOf(ItemIds, itemId);
}
