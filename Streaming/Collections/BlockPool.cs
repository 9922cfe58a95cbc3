namespace BanditServe.Streaming.Collections;

/// <summary>A block rented from a <see cref="BlockPool{T}"/>: its size class and its index in that class.</summary>
public readonly record struct BlockRef(int SizeClass, int Index)
{
    /// <summary>No block (an empty span).</summary>
    public static BlockRef None { get; } = new(-1, 0);

    /// <summary>Whether this is <see cref="None"/>.</summary>
    public bool IsNone => SizeClass < 0;
}

/// <summary>
/// Blocks of unmanaged values carved from large reused arrays, one free list per power-of-two size.
/// </summary>
/// <remarks>
/// Why: the server keeps state for every decision for its reward window (the reward join's ids and
/// context, the recently answered event ids). Held as arrays and strings of their own, each decision
/// was a handful of young objects referenced from old tables, so every ephemeral garbage collection
/// copied them and scanned the cards that pointed at them (most of the server's pause time under
/// load, docs/performance.md "Ninth pass"). In these chunks they are plain values in arrays that
/// contain no references, which a collection neither copies nor scans. A block wastes at most half its size; chunks are kept for reuse and
/// never handed back, so the pool stays at its high-water mark. Not thread-safe.
/// </remarks>
public sealed class BlockPool<T>
    where T : unmanaged
{
    private const int MinShift = 2;
    private const int ChunkShift = 16;

    /// <summary>The longest block: 2^30 elements.</summary>
    public const int MaxLength = 1 << 30;

    private readonly SizeClass?[] _classes = new SizeClass?[31];

    /// <summary>Elements in rented blocks, counting the unused tail of each.</summary>
    public long RentedLength { get; private set; }

    /// <summary>A block of at least <paramref name="length"/> elements; <see cref="BlockRef.None"/> for 0.</summary>
    public BlockRef Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxLength);
        if (length == 0)
        {
            return BlockRef.None;
        }

        int shift = Math.Max(MinShift, 32 - int.LeadingZeroCount(length - 1));
        var sizeClass = _classes[shift] ??= new SizeClass(shift);
        RentedLength += 1L << shift;
        return new BlockRef(shift, sizeClass.Rent());
    }

    /// <summary>Gives a block back for reuse; its contents are left as they are.</summary>
    public void Return(BlockRef block)
    {
        if (block.IsNone)
        {
            return;
        }

        _classes[block.SizeClass]!.Return(block.Index);
        RentedLength -= 1L << block.SizeClass;
    }

    /// <summary>The first <paramref name="length"/> elements of <paramref name="block"/>.</summary>
    public Span<T> Get(BlockRef block, int length)
    {
        if (block.IsNone)
        {
            return length == 0 ? [] : throw new ArgumentOutOfRangeException(nameof(length));
        }

        return _classes[block.SizeClass]!.Get(block.Index, length);
    }

    private sealed class SizeClass(int shift)
    {
        // A block never spans two chunks: a class whose blocks exceed the chunk length has one block per chunk.
        private readonly int _blocksPerChunkShift = Math.Max(0, ChunkShift - shift);
        private readonly List<T[]> _chunks = [];
        private readonly Stack<int> _free = new();
        private int _next;

        public int Rent()
        {
            if (_free.TryPop(out int index))
            {
                return index;
            }

            index = _next++;
            if ((index >> _blocksPerChunkShift) == _chunks.Count)
            {
                _chunks.Add(new T[(1 << _blocksPerChunkShift) << shift]);
            }

            return index;
        }

        public void Return(int index) => _free.Push(index);

        public Span<T> Get(int index, int length)
        {
            if ((uint)length > (uint)(1 << shift))
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            var chunk = _chunks[index >> _blocksPerChunkShift];
            return chunk.AsSpan((index & ((1 << _blocksPerChunkShift) - 1)) << shift, length);
        }
    }
}
