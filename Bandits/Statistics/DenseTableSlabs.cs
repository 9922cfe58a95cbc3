namespace BanditServe.Bandits.Statistics;

/// <summary>
/// Hands out the tables of consecutive <see cref="DenseRowBlock"/>s side by side in a few large slabs instead of one
/// small array each.
/// </summary>
/// <remarks>
/// <para>
/// With one 32 KiB array per block, the tables of a large catalog lay between the blocks' float64 statistics (twice
/// their size), so a scan of the table jumped every 32 KiB and the prefetchers restarted at each jump. In slabs a
/// whole-catalog ranking reads one run of memory: with the consecutive-rows kernel a 1M × d32 scan read
/// 25 GB/s in a Stopwatch harness against 19 GB/s through the row list (docs/performance.md).
/// </para>
/// <para>
/// A slab holds as many blocks as were handed out before it (1, 1, 2, 4, …), at most
/// <see cref="MaxSlabBytes"/>: a small surface costs one small array, and a slab is at most as large as
/// everything before it, so at most half of the table memory is reserved but unused. Single writer, like the store.
/// </para>
/// </remarks>
internal sealed class DenseTableSlabs(int blockLength)
{
    /// <summary>The largest slab: 8 MiB, 256 blocks of 32 KiB.</summary>
    public const int MaxSlabBytes = 8 << 20;

    private float[] _slab = [];
    private int _used;
    private int _blocksHandedOut;

    /// <summary>The floats of one block's table.</summary>
    public int BlockLength { get; } = blockLength;

    /// <summary>Reserves the next block's table; returns its slab and where in it the table starts.</summary>
    public float[] Take(out int start)
    {
        if (_slab.Length - _used < BlockLength)
        {
            int maxBlocks = Math.Max(1, MaxSlabBytes / sizeof(float) / BlockLength);
            int blocks = Math.Clamp(_blocksHandedOut, 1, maxBlocks);
            _slab = new float[blocks * BlockLength];
            _used = 0;
        }

        start = _used;
        _used += BlockLength;
        _blocksHandedOut++;
        return _slab;
    }
}
