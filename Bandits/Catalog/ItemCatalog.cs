using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace BanditServe.Bandits;

/// <summary>
/// Item ids, activity and counters by dense item index. Indices are never reused: items are only
/// deactivated, so an index read by a ranking thread stays valid forever.
/// </summary>
/// <remarks>
/// One writer (serialised by <see cref="SurfaceModel"/>) adds items and flips activity; readers look
/// ids up through a <see cref="ConcurrentDictionary{TKey, TValue}"/> and read the blocks without locks.
/// Growth appends a block and swaps the directory array, so readers never wait for a copy.
/// </remarks>
internal sealed class ItemCatalog
{
    private const int BlockShift = 10;
    private const int BlockSize = 1 << BlockShift;
    private const int BlockMask = BlockSize - 1;

    private readonly ConcurrentDictionary<string, int> _indexById = new(StringComparer.Ordinal);
    private CatalogBlock[] _blocks = [];
    private int _count;
    private int _activeCount;

    public int Count => Volatile.Read(ref _count);

    public int ActiveCount => Volatile.Read(ref _activeCount);

    public bool TryGetIndex(string itemId, out int index) => _indexById.TryGetValue(itemId, out index);

    public string IdAt(int index) => Block(index).Ids[index & BlockMask];

    /// <summary>The id's <see cref="IdOrderKey.Of"/>: ranking ties compare these before the ids.</summary>
    public UInt128 IdOrderKeyAt(int index) => Block(index).IdOrderKeys[index & BlockMask];

    /// <summary>The order keys of the block holding <paramref name="index"/>: item i's key at <c>[i − blockStart]</c>.</summary>
    public ReadOnlySpan<UInt128> IdOrderKeyBlock(int index, out int blockStart)
    {
        blockStart = index & ~BlockMask;
        return Block(index).IdOrderKeys;
    }

    /// <summary>
    /// Writes the indices of active items not in <paramref name="excludedSorted"/> (ascending) to
    /// <paramref name="destination"/> and returns how many; items added after the destination was sized
    /// beyond its length are left out.
    /// </summary>
    public int CopyActiveIndices(Span<int> destination, ReadOnlySpan<int> excludedSorted)
    {
        int itemCount = Math.Min(Count, destination.Length);
        CatalogBlock[] blocks = Volatile.Read(ref _blocks);
        int written = 0;
        int nextExcluded = 0;
        for (int blockStart = 0; blockStart < itemCount; blockStart += BlockSize)
        {
            int[] active = blocks[blockStart >> BlockShift].Active;
            int rows = Math.Min(BlockSize, itemCount - blockStart);
            for (int row = 0; row < rows; row++)
            {
                // Past the last exclusion, eight active rows in a row are written as one vector: a rank over the
                // whole catalog lists every item, and one by one this copy cost a tenth of scoring them.
                if (Vector256.IsHardwareAccelerated && nextExcluded == excludedSorted.Length && (row & 7) == 0 && row + 8 <= rows
                    && !Vector256.EqualsAny(Vector256.Create(active.AsSpan(row, 8)), Vector256<int>.Zero))
                {
                    (Vector256.Create(blockStart + row) + Vector256<int>.Indices).CopyTo(destination.Slice(written, 8));
                    written += 8;
                    row += 7;
                    continue;
                }

                if (Volatile.Read(ref active[row]) == 0)
                {
                    continue;
                }

                int index = blockStart + row;
                while (nextExcluded < excludedSorted.Length && excludedSorted[nextExcluded] < index)
                {
                    nextExcluded++;
                }

                if (nextExcluded < excludedSorted.Length && excludedSorted[nextExcluded] == index)
                {
                    continue;
                }

                destination[written++] = index;
            }
        }

        return written;
    }

    public bool IsActiveAt(int index) => Volatile.Read(ref Block(index).Active[index & BlockMask]) != 0;

    /// <summary>Writer only. Appends an item and returns its index.</summary>
    public int Add(string itemId, bool active)
    {
        int index = _count;
        int blockNumber = index >> BlockShift;
        if (blockNumber == _blocks.Length)
        {
            var grown = new CatalogBlock[Math.Max(4, _blocks.Length * 2)];
            Array.Copy(_blocks, grown, _blocks.Length);
            Volatile.Write(ref _blocks, grown);
        }

        CatalogBlock[] blocks = _blocks;
        if (blocks[blockNumber] is null)
        {
            blocks[blockNumber] = new CatalogBlock(BlockSize);
        }

        CatalogBlock block = blocks[blockNumber];
        int row = index & BlockMask;
        block.Ids[row] = itemId;
        block.IdOrderKeys[row] = IdOrderKey.Of(itemId);
        block.Active[row] = active ? 1 : 0;

        // Publish the row before the id and the count make it reachable.
        Volatile.Write(ref _count, index + 1);
        bool added = _indexById.TryAdd(itemId, index);
        Debug.Assert(added, "the writer checked that the id is new");
        if (active)
        {
            _activeCount++;
        }

        return index;
    }

    /// <summary>Writer only. Returns true when the activity changed.</summary>
    public bool SetActive(int index, bool active)
    {
        ref int flag = ref Block(index).Active[index & BlockMask];
        int wanted = active ? 1 : 0;
        if (flag == wanted)
        {
            return false;
        }

        Volatile.Write(ref flag, wanted);
        Volatile.Write(ref _activeCount, _activeCount + (active ? 1 : -1));
        return true;
    }

    public void RecordImpression(int index, long shownAtTicks)
    {
        CatalogBlock block = Block(index);
        int row = index & BlockMask;
        Interlocked.Increment(ref block.Impressions[row]);
        if (shownAtTicks != 0)
        {
            // The latest time wins even when two rankings race.
            long seen = Volatile.Read(ref block.LastShownTicks[row]);
            while (shownAtTicks > seen)
            {
                long previous = Interlocked.CompareExchange(ref block.LastShownTicks[row], shownAtTicks, seen);
                if (previous == seen)
                {
                    break;
                }

                seen = previous;
            }
        }
    }

    /// <summary>Writer only.</summary>
    public void RecordReward(int index, double reward)
    {
        CatalogBlock block = Block(index);
        int row = index & BlockMask;
        block.RewardSums[row] += reward;
        Volatile.Write(ref block.RewardsApplied[row], block.RewardsApplied[row] + 1);
    }

    /// <summary>Writer only (used by import).</summary>
    public void SetCounters(int index, long impressions, long rewardsApplied, double rewardSum, long lastShownTicks)
    {
        CatalogBlock block = Block(index);
        int row = index & BlockMask;
        block.Impressions[row] = impressions;
        block.RewardsApplied[row] = rewardsApplied;
        block.RewardSums[row] = rewardSum;
        block.LastShownTicks[row] = lastShownTicks;
    }

    public (long Impressions, long RewardsApplied, double RewardSum, long LastShownTicks) CountersAt(int index)
    {
        CatalogBlock block = Block(index);
        int row = index & BlockMask;
        return (Volatile.Read(ref block.Impressions[row]), Volatile.Read(ref block.RewardsApplied[row]), block.RewardSums[row], Volatile.Read(ref block.LastShownTicks[row]));
    }

    private CatalogBlock Block(int index)
    {
        Debug.Assert((uint)index < (uint)Count, "index was published");
        return Volatile.Read(ref _blocks)[index >> BlockShift];
    }
}
