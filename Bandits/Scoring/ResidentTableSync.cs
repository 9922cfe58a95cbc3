using System.Buffers;
using System.Diagnostics;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Keeps an <see cref="IResidentTable"/> within a staleness bound of its model: writers mark changed
/// rows; the changed rows are uploaded in batches by a background flush half the bound after the
/// first change, and a ranking flushes them itself when the oldest is older than the bound.
/// </summary>
/// <remarks>
/// Rankings never wait for writers: the flush copies rows through the model's per-row sequence
/// locks, and a row changed during a flush is marked again and goes with the next one.
/// </remarks>
internal sealed class ResidentTableSync : IDisposable
{
    /// <summary>Rows uploaded per transfer; bounds the staging buffer (64 MB at D = 4096).</summary>
    private const int RowsPerUpload = 2048;

    private readonly IResidentTable _table;
    private readonly IPublishedRows _source;
    private readonly long _maxStalenessTicks;
    private readonly TimeSpan _flushDelay;
    private readonly Lock _gate = new();
    private readonly Lock _flushGate = new();
    private readonly Timer _timer;
    private List<int> _changed = [];
    private List<int> _draining = [];
    private byte[] _isChanged = new byte[1024];
    private long _oldestChange;
    private bool _disposed;

    public ResidentTableSync(IResidentTable table, IPublishedRows source, TimeSpan maxStaleness)
    {
        _table = table;
        _source = source;
        _maxStalenessTicks = (long)(maxStaleness.TotalSeconds * Stopwatch.Frequency);
        _flushDelay = maxStaleness / 2;
        _timer = new Timer(static state => ((ResidentTableSync)state!).FlushInBackground(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IResidentTable Table => _table;

    /// <summary>Rows changed and not yet uploaded.</summary>
    public int PendingRows
    {
        get
        {
            lock (_gate)
            {
                return _changed.Count;
            }
        }
    }

    /// <summary>Writer side: the row's published values or activity changed (or the row is new).</summary>
    public void MarkChanged(int row)
    {
        lock (_gate)
        {
            MarkLocked(row);
        }
    }

    /// <summary>Writer side: every row changed (ridge change, first upload).</summary>
    public void MarkAllChanged(int rowCount)
    {
        lock (_gate)
        {
            for (int row = 0; row < rowCount; row++)
            {
                MarkLocked(row);
            }
        }
    }

    /// <summary>Reader side: uploads pending rows now when the oldest is older than the bound (so the copy a ranking reads is never staler).</summary>
    public void EnsureFresh()
    {
        long oldest = Volatile.Read(ref _oldestChange);
        if (oldest != 0 && Stopwatch.GetTimestamp() - oldest >= _maxStalenessTicks)
        {
            Flush();
        }
    }

    /// <summary>Uploads every pending row.</summary>
    public void Flush()
    {
        lock (_flushGate)
        {
            if (_disposed)
            {
                return;
            }

            List<int> rows;
            int rowCount;
            lock (_gate)
            {
                if (_changed.Count == 0)
                {
                    return;
                }

                rows = _changed;
                _changed = _draining;
                _draining = rows;
                foreach (int row in rows)
                {
                    _isChanged[row] = 0;
                }

                Volatile.Write(ref _oldestChange, 0);

                // Read under the gate: every row below this count was marked when it was created.
                rowCount = _source.RowCount;
            }

            try
            {
                Upload(rows, rowCount);
            }
            catch
            {
                // Nothing uploaded is lost: the rows stay pending and the next flush retries them.
                lock (_gate)
                {
                    foreach (int row in rows)
                    {
                        MarkLocked(row);
                    }
                }

                throw;
            }
            finally
            {
                rows.Clear();
            }
        }
    }

    public void Dispose()
    {
        lock (_flushGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            _table.Dispose();
        }
    }

    private void MarkLocked(int row)
    {
        if (row >= _isChanged.Length)
        {
            Array.Resize(ref _isChanged, Math.Max(row + 1, _isChanged.Length * 2));
        }

        if (_isChanged[row] != 0)
        {
            return;
        }

        _isChanged[row] = 1;
        _changed.Add(row);
        if (_oldestChange == 0)
        {
            Volatile.Write(ref _oldestChange, Stopwatch.GetTimestamp());
            if (!_disposed)
            {
                _timer.Change(_flushDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void Upload(List<int> rows, int rowCount)
    {
        int rowLength = 2 * _table.Dimension;
        int batch = Math.Min(RowsPerUpload, rows.Count);
        float[] values = ArrayPool<float>.Shared.Rent(batch * rowLength);
        byte[] active = ArrayPool<byte>.Shared.Rent(batch);
        int[] listed = ArrayPool<int>.Shared.Rent(batch);
        try
        {
            for (int start = 0; start < rows.Count; start += batch)
            {
                int count = Math.Min(batch, rows.Count - start);
                for (int k = 0; k < count; k++)
                {
                    int row = rows[start + k];
                    listed[k] = row;
                    _source.CopyRow(row, values.AsSpan(k * rowLength, rowLength));
                    active[k] = _source.IsActive(row) ? (byte)1 : (byte)0;
                }

                _table.Upload(rowCount, listed.AsSpan(0, count), values.AsSpan(0, count * rowLength), active.AsSpan(0, count));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(active);
            ArrayPool<int>.Shared.Return(listed);
        }
    }

    private void FlushInBackground()
    {
        try
        {
            Flush();
        }
        catch (Exception)
        {
            // The rows stay pending; the next ranking flushes them itself and reports the failure.
        }
    }
}
