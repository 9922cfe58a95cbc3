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
    private ContextFeatures? _features;

    /// <summary>
    /// The decision's context for the examples it yields. Made on first use: most decisions close without a
    /// reward, and one object fewer per open decision is one fewer for every garbage collection to copy.
    /// </summary>
    public ContextFeatures Features
    {
        get => _features ??= _dense is null && _sparse is null ? ContextFeatures.None : new ContextFeatures(_dense, _sparse);
        set
        {
            _features = value;
            (_dense, _sparse) = (value.Dense, value.Sparse);
        }
    }

    /// <summary>Keeps the context a decision carried.</summary>
    public void SetContext(float[]? dense, SparseFeatureVector? sparse) => (_dense, _sparse, _features) = (dense, sparse, null);

    public int IndexOf(string itemId) => Array.IndexOf(ItemIds, itemId);
}
