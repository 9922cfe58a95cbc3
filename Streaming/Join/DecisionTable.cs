using System.Runtime.InteropServices;
using BanditServe.Streaming.Collections;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>Whether a decision's reward window is open, closed (remembered without context) or the slot is unused.</summary>
internal enum DecisionState : byte
{
    Free,
    Open,
    Closed,
}

/// <summary>
/// The decisions the join knows, keyed by event id, held as plain values: a struct per decision in a
/// <see cref="CharKeyTable{TValue}"/> and its item ids and context in <see cref="BlockPool{T}"/> blocks,
/// so nothing here is an object a garbage collection has to copy or reach through a card (see
/// <see cref="BlockPool{T}"/> for why).
/// </summary>
/// <remarks>
/// A decision is addressed by its record (the table's slot); <see cref="Generation"/> changes when a
/// record is removed, so a queued record can be checked for reuse. Item ids are stored one after
/// another in one char block, each behind a header char holding its length and its rewarded flag.
/// Not thread-safe; the join uses it under its lock.
/// </remarks>
internal sealed class DecisionTable
{
    private const char RewardedFlag = (char)0x8000;
    private const int MaxItemIdLength = 0x7FFF;

    private readonly CharKeyTable<Record> _table = new();
    private readonly BlockPool<char> _chars = new();
    private readonly BlockPool<float> _floats = new();
    private readonly BlockPool<int> _ints = new();
    private readonly List<string> _surfaces = [];
    private readonly Dictionary<string, int> _surfaceIds = new(StringComparer.Ordinal);

    /// <summary>Records in use, open or closed.</summary>
    public int Count => _table.Count;

    /// <summary>Records whose window is open.</summary>
    public int OpenCount { get; private set; }

    /// <summary>Records whose window has closed, kept until they are forgotten.</summary>
    public int ClosedCount => Count - OpenCount;

    /// <summary>Bytes held in blocks for ids and contexts (the struct records not counted).</summary>
    public long BlockBytes =>
        _table.KeyBytes + (_chars.RentedLength * sizeof(char)) + (_floats.RentedLength * sizeof(float)) + (_ints.RentedLength * sizeof(int));

    /// <summary>The record of <paramref name="eventId"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> eventId) => _table.Find(eventId);

    /// <summary>Adds an open decision whose event id is not in the table; returns its record.</summary>
    public int Add(
        ReadOnlySpan<char> eventId,
        string surface,
        long deadlineTicks,
        double? defaultReward,
        long? period,
        ReadOnlySpan<DecisionItem> items,
        float[]? dense,
        SparseFeatureVector? sparse)
    {
        int itemChars = 0;
        foreach (var item in items)
        {
            if (item.ItemId.Length > MaxItemIdLength)
            {
                throw new ArgumentException($"item ids are at most {MaxItemIdLength} characters", nameof(items));
            }

            itemChars += item.ItemId.Length + 1;
        }

        if (sparse is not null && sparse.Indices.Length != sparse.Values.Length)
        {
            throw new ArgumentException("a sparse context needs as many indices as values", nameof(sparse));
        }

        var record = new Record
        {
            State = DecisionState.Open,
            SurfaceId = SurfaceId(surface),
            DeadlineTicks = deadlineTicks,
            HasDefaultReward = defaultReward.HasValue,
            DefaultReward = defaultReward.GetValueOrDefault(),
            HasPeriod = period.HasValue,
            Period = period.GetValueOrDefault(),
            FeatureValues = BlockRef.None,
            FeatureIndices = BlockRef.None,
        };

        record.ItemCount = items.Length;
        record.ItemChars = itemChars;
        record.Items = _chars.Rent(itemChars);
        var itemSpan = _chars.Get(record.Items, itemChars);
        int at = 0;
        foreach (var item in items)
        {
            itemSpan[at++] = (char)item.ItemId.Length;
            item.ItemId.AsSpan().CopyTo(itemSpan[at..]);
            at += item.ItemId.Length;
        }

        if (dense is not null)
        {
            record.Features = FeatureKind.Dense;
            record.FeatureCount = dense.Length;
            record.FeatureValues = _floats.Rent(dense.Length);
            dense.CopyTo(_floats.Get(record.FeatureValues, dense.Length));
        }
        else if (sparse is not null)
        {
            record.Features = FeatureKind.Sparse;
            record.FeatureCount = sparse.Values.Length;
            record.FeatureValues = _floats.Rent(sparse.Values.Length);
            sparse.Values.CopyTo(_floats.Get(record.FeatureValues, sparse.Values.Length));
            record.FeatureIndices = _ints.Rent(sparse.Indices.Length);
            sparse.Indices.CopyTo(_ints.Get(record.FeatureIndices, sparse.Indices.Length));
        }

        int r = _table.Add(eventId, record);
        OpenCount++;
        return r;
    }

    public DecisionState State(int r) => _table.IsInUse(r) ? _table.Value(r).State : DecisionState.Free;

    public int Generation(int r) => _table.Generation(r);

    public string Surface(int r) => _surfaces[_table.Value(r).SurfaceId];

    public ReadOnlySpan<char> EventId(int r) => _table.Key(r);

    public DateTimeOffset Deadline(int r) => new(_table.Value(r).DeadlineTicks, TimeSpan.Zero);

    public double? DefaultReward(int r) => _table.Value(r).HasDefaultReward ? _table.Value(r).DefaultReward : null;

    public long? Period(int r) => _table.Value(r).HasPeriod ? _table.Value(r).Period : null;

    public int ItemCount(int r) => _table.Value(r).ItemCount;

    /// <summary>A fresh copy of the decision's context; <see cref="ContextFeatures.None"/> once closed or when it had none.</summary>
    public ContextFeatures Features(int r) => (FeatureKind)FeatureViews(r, out var values, out var indices) switch
    {
        FeatureKind.Dense => new ContextFeatures(values.ToArray(), null),
        FeatureKind.Sparse => new ContextFeatures(null, new SparseFeatureVector { Indices = indices.ToArray(), Values = values.ToArray() }),
        _ => ContextFeatures.None,
    };

    /// <summary>
    /// The decision's context as views of the table's own blocks, without a copy (valid until the record changes):
    /// 0 for none (or closed), 1 for dense (<paramref name="values"/>), 2 for sparse (<paramref name="indices"/> too).
    /// </summary>
    public byte FeatureViews(int r, out ReadOnlySpan<float> values, out ReadOnlySpan<int> indices)
    {
        ref var record = ref _table.Value(r);
        values = record.Features == FeatureKind.None ? [] : _floats.Get(record.FeatureValues, record.FeatureCount);
        indices = record.Features == FeatureKind.Sparse ? _ints.Get(record.FeatureIndices, record.FeatureCount) : [];
        return (byte)record.Features;
    }

    /// <summary>The cursor of the item spelled <paramref name="itemId"/>, or -1 when the decision did not show it.</summary>
    public int FindItem(int r, ReadOnlySpan<char> itemId)
    {
        var items = Items(r);
        for (int at = 0; at < items.Length; at += (items[at] & MaxItemIdLength) + 1)
        {
            if (items.Slice(at + 1, items[at] & MaxItemIdLength).SequenceEqual(itemId))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>
    /// Steps through the decision's items: starts with <paramref name="cursor"/> = 0, gives each item's
    /// id and rewarded flag, and leaves the cursor on the next one.
    /// </summary>
    public bool NextItem(int r, ref int cursor, out ReadOnlySpan<char> itemId, out bool rewarded)
    {
        var items = Items(r);
        if (cursor >= items.Length)
        {
            itemId = [];
            rewarded = false;
            return false;
        }

        int length = items[cursor] & MaxItemIdLength;
        itemId = items.Slice(cursor + 1, length);
        rewarded = (items[cursor] & RewardedFlag) != 0;
        cursor += length + 1;
        return true;
    }

    public bool IsRewarded(int r, int itemCursor) => (Items(r)[itemCursor] & RewardedFlag) != 0;

    public void MarkRewarded(int r, int itemCursor) => Items(r)[itemCursor] |= RewardedFlag;

    /// <summary>Closes the window of an open decision and gives its context back.</summary>
    public void Close(int r)
    {
        ref var record = ref _table.Value(r);
        if (record.State != DecisionState.Open)
        {
            throw new InvalidOperationException("only an open decision can be closed");
        }

        ReturnFeatures(ref record);
        record.State = DecisionState.Closed;
        OpenCount--;
    }

    /// <summary>Forgets a decision; its record index may be reused with the next generation.</summary>
    public void Remove(int r)
    {
        ref var record = ref _table.Value(r);
        if (record.State == DecisionState.Open)
        {
            OpenCount--;
        }

        ReturnFeatures(ref record);
        _chars.Return(record.Items);
        _table.Remove(r);
    }

    /// <summary>The records in use, in record order.</summary>
    public IEnumerable<int> Records() => _table.Slots();

    private Span<char> Items(int r) => _chars.Get(_table.Value(r).Items, _table.Value(r).ItemChars);

    private void ReturnFeatures(ref Record record)
    {
        _floats.Return(record.FeatureValues);
        _ints.Return(record.FeatureIndices);
        record.FeatureValues = BlockRef.None;
        record.FeatureIndices = BlockRef.None;
        record.FeatureCount = 0;
        record.Features = FeatureKind.None;
    }

    private int SurfaceId(string surface)
    {
        ref int id = ref CollectionsMarshal.GetValueRefOrAddDefault(_surfaceIds, surface, out bool exists);
        if (!exists)
        {
            id = _surfaces.Count;
            _surfaces.Add(surface);
        }

        return id;
    }

    private enum FeatureKind : byte
    {
        None,
        Dense,
        Sparse,
    }

    private struct Record
    {
        public DecisionState State;
        public FeatureKind Features;
        public bool HasDefaultReward;
        public bool HasPeriod;
        public int SurfaceId;
        public long DeadlineTicks;
        public double DefaultReward;
        public long Period;
        public BlockRef Items;
        public int ItemCount;
        public int ItemChars;
        public BlockRef FeatureValues;
        public BlockRef FeatureIndices;
        public int FeatureCount;
    }
}
