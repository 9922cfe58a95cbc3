using BanditServe.Bandits.Gpu.Kernels;
using BanditServe.Bandits.Scoring;
using ILGPU;
using ILGPU.Runtime;

namespace BanditServe.Bandits.Gpu;

/// <summary>
/// One surface's table in device memory, column-major with a capacity that doubles as the catalog
/// grows; scratch buffers for contexts, scores and top-K lists are kept and reused between calls.
/// </summary>
internal sealed class IlgpuResidentTable : IResidentTable
{
    /// <summary>Slice threads per launch of the first top-K stage (all contexts together): enough to fill a large GPU.</summary>
    private const int SelectThreads = 1 << 17;

    /// <summary>The fewest rows a slice thread walks, so small tables (and the CPU simulator) launch few threads.</summary>
    private const int MinRowsPerSlice = 64;

    private readonly IlgpuScoringBackend _backend;
    private readonly int _rowLength;
    private MemoryBuffer1D<float, Stride1D.Dense>? _table;
    private MemoryBuffer1D<byte, Stride1D.Dense>? _active;
    private long _capacity;
    private int _rowCount;
    private bool _disposed;

    private MemoryBuffer1D<float, Stride1D.Dense>? _contexts;
    private MemoryBuffer1D<float, Stride1D.Dense>? _contextsSquared;
    private MemoryBuffer1D<float, Stride1D.Dense>? _means;
    private MemoryBuffer1D<float, Stride1D.Dense>? _variances;
    private MemoryBuffer1D<float, Stride1D.Dense>? _scores;
    private MemoryBuffer1D<float, Stride1D.Dense>? _sliceScores;
    private MemoryBuffer1D<int, Stride1D.Dense>? _sliceRows;
    private MemoryBuffer1D<int, Stride1D.Dense>? _sliceCounts;
    private MemoryBuffer1D<float, Stride1D.Dense>? _sliceDropped;
    private MemoryBuffer1D<float, Stride1D.Dense>? _topScores;
    private MemoryBuffer1D<int, Stride1D.Dense>? _topRows;
    private MemoryBuffer1D<int, Stride1D.Dense>? _topCounts;
    private MemoryBuffer1D<int, Stride1D.Dense>? _ties;
    private MemoryBuffer1D<int, Stride1D.Dense>? _uploadRows;
    private MemoryBuffer1D<float, Stride1D.Dense>? _uploadValues;
    private MemoryBuffer1D<byte, Stride1D.Dense>? _uploadFlags;

    public IlgpuResidentTable(IlgpuScoringBackend backend, int dimension)
    {
        _backend = backend;
        Dimension = dimension;
        _rowLength = 2 * dimension;
    }

    public int Dimension { get; }

    public int RowCount => Volatile.Read(ref _rowCount);

    public int MaxSelect => TopKOrder.MaxSelect;

    public void Upload(int rowCount, ReadOnlySpan<int> rows, ReadOnlySpan<float> values, ReadOnlySpan<byte> active)
    {
        if (values.Length != rows.Length * _rowLength || active.Length != rows.Length)
        {
            throw new ArgumentException("values must hold 2·D floats and active one flag per listed row.", nameof(values));
        }

        int needed = rowCount;
        foreach (int row in rows)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row, nameof(rows));
            needed = Math.Max(needed, row + 1);
        }

        lock (_backend.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureCapacity(needed);
            if (rows.Length > 0)
            {
                Accelerator accelerator = _backend.Accelerator;
                Ensure(accelerator, ref _uploadRows, rows.Length);
                Ensure(accelerator, ref _uploadValues, values.Length);
                Ensure(accelerator, ref _uploadFlags, active.Length);
                DeviceCopies.ToDevice(_uploadRows!.View, rows);
                DeviceCopies.ToDevice(_uploadValues!.View, values);
                DeviceCopies.ToDevice(_uploadFlags!.View, active);
                _backend.ScatterRows(rows.Length * _rowLength, _table!.View, _active!.View, _uploadRows.View, _uploadValues.View, _uploadFlags.View, _rowLength, _capacity);
                accelerator.Synchronize();
            }

            Volatile.Write(ref _rowCount, Math.Max(_rowCount, needed));
        }
    }

    public void Score(ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, Span<float> means, Span<float> variances)
    {
        lock (_backend.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int rows = _rowCount;
            long results = (long)contextCount * rows;
            if (means.Length < results || variances.Length < results)
            {
                throw new ArgumentException("The output spans are shorter than contextCount × RowCount.", nameof(means));
            }

            if (!ScoreOnDevice(contexts, contextsSquared, contextCount, alpha: 0))
            {
                return;
            }

            // Each copy to the host synchronises the stream.
            DeviceCopies.ToHost(_means!.View, means[..(int)results]);
            DeviceCopies.ToHost(_variances!.View, variances[..(int)results]);
        }
    }

    public void SelectTop(ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, float alpha, int k, Span<int> rows, Span<float> scores, Span<int> counts, Span<bool> tiesBeyond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, MaxSelect);
        if (rows.Length < contextCount * k || scores.Length < contextCount * k || counts.Length < contextCount || tiesBeyond.Length < contextCount)
        {
            throw new ArgumentException("The output spans are too short for contextCount × k results.", nameof(rows));
        }

        lock (_backend.Gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!ScoreOnDevice(contexts, contextsSquared, contextCount, alpha))
            {
                counts[..contextCount].Clear();
                tiesBeyond[..contextCount].Clear();
                return;
            }

            Accelerator accelerator = _backend.Accelerator;
            int rowCount = _rowCount;
            int slices = Math.Clamp(Math.Min(SelectThreads / contextCount, rowCount / MinRowsPerSlice), 1, 4096);
            var shape = new SelectShape(rowCount, slices, k);
            int threads = contextCount * slices;
            Ensure(accelerator, ref _sliceScores, (long)threads * k);
            Ensure(accelerator, ref _sliceRows, (long)threads * k);
            Ensure(accelerator, ref _sliceCounts, threads);
            Ensure(accelerator, ref _sliceDropped, threads);
            Ensure(accelerator, ref _topScores, (long)contextCount * k);
            Ensure(accelerator, ref _topRows, (long)contextCount * k);
            Ensure(accelerator, ref _topCounts, contextCount);
            Ensure(accelerator, ref _ties, contextCount);
            _backend.SelectSlices(threads, _scores!.View, _active!.View, _sliceScores!.View, _sliceRows!.View, _sliceCounts!.View, _sliceDropped!.View, shape);
            _backend.MergeSlices(contextCount, _sliceScores.View, _sliceRows.View, _sliceCounts.View, _sliceDropped.View, _topScores!.View, _topRows!.View, _topCounts!.View, _ties!.View, shape);

            // Each copy to the host synchronises the stream.
            DeviceCopies.ToHost(_topRows.View, rows[..(contextCount * k)]);
            DeviceCopies.ToHost(_topScores.View, scores[..(contextCount * k)]);
            DeviceCopies.ToHost(_topCounts.View, counts[..contextCount]);
            Span<int> ties = contextCount <= 1024 ? stackalloc int[contextCount] : new int[contextCount];
            DeviceCopies.ToHost(_ties.View, ties);
            for (int b = 0; b < contextCount; b++)
            {
                tiesBeyond[b] = ties[b] != 0;
            }
        }
    }

    public void Dispose()
    {
        lock (_backend.Gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _table?.Dispose();
            _active?.Dispose();
            _contexts?.Dispose();
            _contextsSquared?.Dispose();
            _means?.Dispose();
            _variances?.Dispose();
            _scores?.Dispose();
            _sliceScores?.Dispose();
            _sliceRows?.Dispose();
            _sliceCounts?.Dispose();
            _sliceDropped?.Dispose();
            _topScores?.Dispose();
            _topRows?.Dispose();
            _topCounts?.Dispose();
            _ties?.Dispose();
            _uploadRows?.Dispose();
            _uploadValues?.Dispose();
            _uploadFlags?.Dispose();
        }
    }

    /// <summary>Gate held. Launches the scoring kernel into the means, variances and scores buffers; false when there are no rows.</summary>
    private bool ScoreOnDevice(ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, float alpha)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextCount, 1);
        if (contexts.Length < contextCount * Dimension || contextsSquared.Length < contextCount * Dimension)
        {
            throw new ArgumentException("The contexts are shorter than contextCount × D.", nameof(contexts));
        }

        int rowCount = _rowCount;
        if (rowCount == 0)
        {
            return false;
        }

        Accelerator accelerator = _backend.Accelerator;
        long results = (long)contextCount * rowCount;
        Ensure(accelerator, ref _contexts, contextCount * Dimension);
        Ensure(accelerator, ref _contextsSquared, contextCount * Dimension);
        Ensure(accelerator, ref _means, results);
        Ensure(accelerator, ref _variances, results);
        Ensure(accelerator, ref _scores, results);
        DeviceCopies.ToDevice(_contexts!.View, contexts[..(contextCount * Dimension)]);
        DeviceCopies.ToDevice(_contextsSquared!.View, contextsSquared[..(contextCount * Dimension)]);
        var shape = new BatchShape(Dimension, _capacity, rowCount, contextCount, alpha);
        _backend.Score(rowCount, _table!.View, _active!.View, _contexts.View, _contextsSquared.View, _means!.View, _variances!.View, _scores!.View, shape);
        return true;
    }

    /// <summary>Gate held. Grows the column-major table to hold <paramref name="rows"/> rows (new rows zero and inactive).</summary>
    private void EnsureCapacity(int rows)
    {
        if (rows <= _capacity)
        {
            return;
        }

        Accelerator accelerator = _backend.Accelerator;
        long capacity = Math.Max(rows, Math.Max(1024, _capacity * 2));
        MemoryBuffer1D<float, Stride1D.Dense> table = accelerator.Allocate1D<float>(capacity * _rowLength);
        MemoryBuffer1D<byte, Stride1D.Dense> active = accelerator.Allocate1D<byte>(capacity);
        table.MemSetToZero();
        active.MemSetToZero();
        if (_table is not null && _active is not null)
        {
            _backend.GrowTable((int)(_capacity * _rowLength), _table.View, _active.View, table.View, active.View, _capacity, capacity);

            // The old buffers are freed only after the copy ran.
            accelerator.Synchronize();
            _table.Dispose();
            _active.Dispose();
        }

        _table = table;
        _active = active;
        _capacity = capacity;
    }

    private static void Ensure<T>(Accelerator accelerator, ref MemoryBuffer1D<T, Stride1D.Dense>? buffer, long length)
        where T : unmanaged
    {
        if (buffer is not null && buffer.Length >= length)
        {
            return;
        }

        accelerator.Synchronize();
        buffer?.Dispose();
        buffer = accelerator.Allocate1D<T>(Math.Max(1, length));
    }
}
