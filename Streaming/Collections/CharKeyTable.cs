namespace BanditServe.Streaming.Collections;

/// <summary>
/// A hash table from string keys to unmanaged values that holds no object per entry: keys are copied
/// into a <see cref="BlockPool{T}"/>, entries are structs in one array (see <see cref="BlockPool{T}"/>
/// for why). Made for the ids the server remembers for a reward window.
/// </summary>
/// <remarks>
/// An entry is addressed by its slot; <see cref="Generation"/> changes when a slot is removed, so a
/// slot kept elsewhere (a queue of expiries) can be checked for reuse. Not thread-safe.
/// </remarks>
/// <typeparam name="TValue">The value kept with each key.</typeparam>
public sealed class CharKeyTable<TValue>
    where TValue : unmanaged
{
    private readonly BlockPool<char> _keys = new();
    private Entry[] _entries = new Entry[256];
    private int[] _buckets = new int[256];
    private int _used;
    private int _freeHead = -1;

    /// <summary>Entries in the table.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes held for keys.</summary>
    public long KeyBytes => _keys.RentedLength * sizeof(char);

    /// <summary>The slot of <paramref name="key"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> key)
    {
        int hash = string.GetHashCode(key);
        for (int slot = _buckets[BucketOf(hash, _buckets.Length)] - 1; slot >= 0; slot = _entries[slot].Next)
        {
            ref var entry = ref _entries[slot];
            if (entry.Hash == hash && _keys.Get(entry.Key, entry.KeyLength).SequenceEqual(key))
            {
                return slot;
            }
        }

        return -1;
    }

    /// <summary>Adds a key that is not in the table; returns its slot.</summary>
    public int Add(ReadOnlySpan<char> key, in TValue value)
    {
        // Before the new slot is in use, so the rehash does not link it as well.
        if (Count >= _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }

        int slot;
        if (_freeHead >= 0)
        {
            slot = _freeHead;
            _freeHead = _entries[slot].Next;
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            slot = _used++;
        }

        ref var entry = ref _entries[slot];
        entry.Hash = string.GetHashCode(key);
        entry.InUse = true;
        entry.Value = value;
        entry.KeyLength = key.Length;
        entry.Key = _keys.Rent(key.Length);
        key.CopyTo(_keys.Get(entry.Key, key.Length));

        ref int bucket = ref _buckets[BucketOf(entry.Hash, _buckets.Length)];
        entry.Next = bucket - 1;
        bucket = slot + 1;
        Count++;
        return slot;
    }

    /// <summary>Whether <paramref name="slot"/> holds an entry.</summary>
    public bool IsInUse(int slot) => (uint)slot < (uint)_used && _entries[slot].InUse;

    /// <summary>Whether <paramref name="slot"/> still holds the entry it held at <paramref name="generation"/>.</summary>
    public bool Holds(int slot, int generation) => IsInUse(slot) && _entries[slot].Generation == generation;

    /// <summary>How many times <paramref name="slot"/> has been removed: a changed generation means a reused slot.</summary>
    public int Generation(int slot) => _entries[slot].Generation;

    /// <summary>The key of an entry.</summary>
    public ReadOnlySpan<char> Key(int slot) =>
        IsInUse(slot) ? _keys.Get(_entries[slot].Key, _entries[slot].KeyLength) : throw new InvalidOperationException("the slot holds no entry");

    /// <summary>The value of an entry, to read or change in place.</summary>
    public ref TValue Value(int slot)
    {
        if (!IsInUse(slot))
        {
            throw new InvalidOperationException("the slot holds no entry");
        }

        return ref _entries[slot].Value;
    }

    /// <summary>Removes an entry; its slot may be reused with the next generation.</summary>
    public void Remove(int slot)
    {
        if (!IsInUse(slot))
        {
            throw new InvalidOperationException("the slot holds no entry");
        }

        ref var entry = ref _entries[slot];
        int bucket = BucketOf(entry.Hash, _buckets.Length);
        int previous = -1;
        for (int at = _buckets[bucket] - 1; at != slot; at = _entries[at].Next)
        {
            previous = at;
        }

        if (previous < 0)
        {
            _buckets[bucket] = entry.Next + 1;
        }
        else
        {
            _entries[previous].Next = entry.Next;
        }

        _keys.Return(entry.Key);
        int generation = entry.Generation + 1;
        entry = default;
        entry.Generation = generation;
        entry.Next = _freeHead;
        _freeHead = slot;
        Count--;
    }

    /// <summary>The slots in use, in slot order.</summary>
    public IEnumerable<int> Slots()
    {
        for (int slot = 0; slot < _used; slot++)
        {
            if (_entries[slot].InUse)
            {
                yield return slot;
            }
        }
    }

    private static int BucketOf(int hash, int buckets) => (int)((uint)hash & (uint)(buckets - 1));

    private void Rehash(int buckets)
    {
        _buckets = new int[buckets];
        for (int slot = 0; slot < _used; slot++)
        {
            if (_entries[slot].InUse)
            {
                ref int bucket = ref _buckets[BucketOf(_entries[slot].Hash, buckets)];
                _entries[slot].Next = bucket - 1;
                bucket = slot + 1;
            }
        }
    }

    private struct Entry
    {
        public int Hash;
        public int Next;
        public int Generation;
        public bool InUse;
        public int KeyLength;
        public BlockRef Key;
        public TValue Value;
    }
}
