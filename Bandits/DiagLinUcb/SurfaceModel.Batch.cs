using System.Buffers;
using System.Numerics.Tensors;
using BanditServe.Bandits.Exploration;
using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits;

public sealed partial class SurfaceModel
{
    /// <summary>Chunk results kept per context: the scratch of one chunk is about this many floats per result array.</summary>
    private const int BatchScratchFloats = 1 << 16;

    /// <summary>The fewest rows a chunk of a batched pass gets.</summary>
    private const int MinBatchChunkRows = 2048;

    /// <summary>
    /// Ranks several requests together. Full-catalog requests (no candidate list) on a dense surface
    /// share one pass over the model: on the device where <see cref="Scoring"/> says so, otherwise on
    /// the CPU, each row read once for all contexts. The rest are ranked one by one. Each request gets
    /// exactly what <see cref="Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong, DateTimeOffset?)"/>
    /// would give it, up to float rounding (other summation orders) in scores that tie within it.
    /// </summary>
    /// <param name="requests">The requests.</param>
    /// <param name="outcomes">Receives each request's outcome (null where it failed).</param>
    /// <param name="errors">Receives each request's exception (null where it succeeded).</param>
    internal void RankBatch(ReadOnlySpan<RankRequest> requests, RankOutcome?[] outcomes, Exception?[] errors)
    {
        var shared = new List<int>(requests.Length);
        for (int i = 0; i < requests.Length; i++)
        {
            RankRequest request = requests[i];
            if (request.Candidates is null && !IsSparse && request.Context.Dimension == Dimension && request.Slots >= 1)
            {
                shared.Add(i);
            }
            else
            {
                RankAlone(request, i, outcomes, errors);
            }
        }

        if (shared.Count == 0)
        {
            return;
        }

        bool device = UsesDevice();
        if (!device && shared.Count == 1)
        {
            // One request alone gains nothing from the batched pass; the single path parallelises it.
            RankAlone(requests[shared[0]], shared[0], outcomes, errors);
            return;
        }

        try
        {
            RankShared(requests, shared, device, outcomes);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            foreach (int i in shared)
            {
                outcomes[i] = null;
                errors[i] = exception;
            }
        }
    }

    /// <summary>True when full-catalog rankings currently go to the device.</summary>
    internal bool UsesDevice() => _scoring.Device is not null && !IsSparse && ActiveItemCount >= _scoring.MinDeviceItems;

    /// <summary>Uploads every pending change to the device copy now (tests and benchmarks; rankings keep to the staleness bound by themselves).</summary>
    internal void FlushDeviceCopy() => Volatile.Read(ref _resident)?.Flush();

    /// <summary>Changed rows not yet uploaded to the device copy (0 without one).</summary>
    internal int PendingDeviceRows => Volatile.Read(ref _resident)?.PendingRows ?? 0;

    private void RankAlone(in RankRequest request, int i, RankOutcome?[] outcomes, Exception?[] errors)
    {
        try
        {
            outcomes[i] = Rank(request.Context, request.Candidates, request.Exclude, request.Slots, request.Seed, request.ShownAt);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            errors[i] = exception;
        }
    }

    private void RankShared(ReadOnlySpan<RankRequest> requests, List<int> shared, bool device, RankOutcome?[] outcomes)
    {
        DiagLinUcbOptions options = Options;
        long version = Version;
        float alpha = (float)options.Alpha;
        int dimension = Dimension;
        int batch = shared.Count;
        List<string>? unknown = null;
        int[] items = ResolveCandidates(null, null, ref unknown, out int count, out bool rented);
        float[] contexts = ArrayPool<float>.Shared.Rent(batch * dimension);
        float[] squares = ArrayPool<float>.Shared.Rent(batch * dimension);
        var blocked = new int[batch][];
        var needed = new int[batch];
        var best = new int[batch][];
        try
        {
            for (int b = 0; b < batch; b++)
            {
                RankRequest request = requests[shared[b]];
                FillDense(request.Context, contexts.AsSpan(b * dimension, dimension), squares.AsSpan(b * dimension, dimension));
                blocked[b] = BlockedPositions(items.AsSpan(0, count), request.Exclude);
                needed[b] = Math.Min(count, request.Slots + blocked[b].Length);
                best[b] = new int[needed[b]];
            }

            var pending = new List<int>(batch);
            if (!device || count == 0 || !SelectOnDevice(items, count, contexts, squares, alpha, needed, blocked, best, pending))
            {
                for (int b = 0; b < batch; b++)
                {
                    pending.Add(b);
                }
            }

            if (pending.Count > 0 && count > 0)
            {
                SelectOnCpu(items, count, contexts, squares, alpha, pending, needed, best);
            }

            for (int b = 0; b < batch; b++)
            {
                RankRequest request = requests[shared[b]];
                int placed = Math.Min(request.Slots, count - blocked[b].Length);
                if (placed <= 0)
                {
                    outcomes[shared[b]] = new RankOutcome([], [], version);
                    continue;
                }

                ScoringContext scoring = ScoringContext.Create(request.Context, _statistics.SupportsDenseContext);
                try
                {
                    var placement = new PlacementScores(null, null, null, scoring, alpha);
                    int[] unblocked = WithoutBlocked(best[b], blocked[b]);
                    RankedItem[] ranked = Place(items, count, blocked[b], unblocked.AsSpan(0, placed), placement, options.Epsilon, request.Seed, request.ShownAt);
                    outcomes[shared[b]] = new RankOutcome(ranked, [], version);
                }
                finally
                {
                    scoring.Release();
                }
            }
        }
        finally
        {
            if (rented)
            {
                ArrayPool<int>.Shared.Return(items);
            }

            ArrayPool<float>.Shared.Return(contexts);
            ArrayPool<float>.Shared.Return(squares);
        }
    }

    /// <summary>
    /// One pass over the candidate rows for all pending contexts: chunk by chunk, every row is scored
    /// for every context while it is in L1, then each context keeps its chunk's best; the chunk
    /// winners are merged per context at the end (the same order as <see cref="ScoreAndSelect"/>).
    /// </summary>
    private void SelectOnCpu(int[] items, int count, float[] allContexts, float[] allSquares, float alpha, List<int> pending, int[] needed, int[][] best)
    {
        var store = (DenseStatisticsStore)_statistics;
        int dimension = Dimension;
        int contextCount = pending.Count;
        float[] contexts = ArrayPool<float>.Shared.Rent(contextCount * dimension);
        float[] squares = ArrayPool<float>.Shared.Rent(contextCount * dimension);
        for (int p = 0; p < contextCount; p++)
        {
            allContexts.AsSpan(pending[p] * dimension, dimension).CopyTo(contexts.AsSpan(p * dimension));
            allSquares.AsSpan(pending[p] * dimension, dimension).CopyTo(squares.AsSpan(p * dimension));
        }

        int chunkRows = Math.Min(count, Math.Max(MinBatchChunkRows, BatchScratchFloats / contextCount));
        int chunks = (count + chunkRows - 1) / chunkRows;
        var winnerPositions = new int[contextCount][];
        var winnerScores = new float[contextCount][];
        var winnerCounts = new int[contextCount * chunks];
        for (int p = 0; p < contextCount; p++)
        {
            winnerPositions[p] = ArrayPool<int>.Shared.Rent(Math.Max(1, chunks * needed[pending[p]]));
            winnerScores[p] = ArrayPool<float>.Shared.Rent(Math.Max(1, chunks * needed[pending[p]]));
        }

        try
        {
            void ScoreChunk(int chunk)
            {
                int start = chunk * chunkRows;
                int length = Math.Min(chunkRows, count - start);
                float[] means = ArrayPool<float>.Shared.Rent(contextCount * chunkRows);
                float[] variances = ArrayPool<float>.Shared.Rent(contextCount * chunkRows);
                float[] scores = ArrayPool<float>.Shared.Rent(chunkRows);
                int[] heap = ArrayPool<int>.Shared.Rent(Math.Max(1, needed.Max()));
                try
                {
                    ReadOnlySpan<int> chunkItems = items.AsSpan(start, length);
                    store.ScoreMany(chunkItems, contexts, squares, contextCount, means, variances, chunkRows);
                    for (int p = 0; p < contextCount; p++)
                    {
                        int k = needed[pending[p]];
                        Span<float> chunkScores = scores.AsSpan(0, length);

                        // score = mean + alpha·sqrt(max(0, variance)), the operations ScoreRange applies (ALGORITHMS.md 0.4).
                        TensorPrimitives.Max(variances.AsSpan(p * chunkRows, length), 0f, chunkScores);
                        TensorPrimitives.Sqrt(chunkScores, chunkScores);
                        TensorPrimitives.MultiplyAdd(chunkScores, alpha, means.AsSpan(p * chunkRows, length), chunkScores);
                        var order = new CandidateOrder(chunkScores, chunkItems, _catalog);
                        int kept = TopK.SelectRange(order, 0, length, heap.AsSpan(0, k));
                        for (int t = 0; t < kept; t++)
                        {
                            winnerPositions[p][(chunk * k) + t] = start + heap[t];
                            winnerScores[p][(chunk * k) + t] = chunkScores[heap[t]];
                        }

                        winnerCounts[(p * chunks) + chunk] = kept;
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(means);
                    ArrayPool<float>.Shared.Return(variances);
                    ArrayPool<float>.Shared.Return(scores);
                    ArrayPool<int>.Shared.Return(heap);
                }
            }

            if (chunks > 1 && Environment.ProcessorCount > 1 && (long)count * dimension * contextCount >= ParallelWork)
            {
                Parallel.For(0, chunks, ScoreChunk);
            }
            else
            {
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    ScoreChunk(chunk);
                }
            }

            for (int p = 0; p < contextCount; p++)
            {
                int k = needed[pending[p]];
                int merged = 0;
                for (int chunk = 0; chunk < chunks; chunk++)
                {
                    int kept = winnerCounts[(p * chunks) + chunk];
                    winnerPositions[p].AsSpan(chunk * k, kept).CopyTo(winnerPositions[p].AsSpan(merged));
                    winnerScores[p].AsSpan(chunk * k, kept).CopyTo(winnerScores[p].AsSpan(merged));
                    merged += kept;
                }

                SelectAmong(items, winnerPositions[p].AsSpan(0, merged), winnerScores[p].AsSpan(0, merged), best[pending[p]]);
            }
        }
        finally
        {
            for (int p = 0; p < contextCount; p++)
            {
                ArrayPool<int>.Shared.Return(winnerPositions[p]);
                ArrayPool<float>.Shared.Return(winnerScores[p]);
            }

            ArrayPool<float>.Shared.Return(contexts);
            ArrayPool<float>.Shared.Return(squares);
        }
    }

    /// <summary>
    /// Scores on the device and keeps each context's best by the device's order; contexts whose
    /// answer cannot be trusted to match the CPU order (ties at the cut, more rows wanted than the
    /// device selects, rows the host no longer lists) go to <paramref name="pending"/> for the CPU.
    /// </summary>
    /// <returns>False, with nothing selected, when the device copy is retired or was released while this ranking ran: all go to the CPU.</returns>
    private bool SelectOnDevice(int[] items, int count, float[] contexts, float[] squares, float alpha, int[] needed, int[][] blocked, int[][] best, List<int> pending)
    {
        int batch = needed.Length;
        int[]? rows = null;
        float[]? scores = null;
        int[] positions = [];
        float[] kept = [];
        var counts = new int[batch];
        var ties = new bool[batch];
        try
        {
            int k;
            try
            {
                if (EnsureResident() is not { } resident)
                {
                    return false;
                }

                IResidentTable table = resident.Table;
                k = Math.Clamp(needed.Max(), 1, table.MaxSelect);
                rows = ArrayPool<int>.Shared.Rent(batch * k);
                scores = ArrayPool<float>.Shared.Rent(batch * k);
                table.SelectTop(contexts.AsSpan(0, batch * Dimension), squares.AsSpan(0, batch * Dimension), batch, alpha, k, rows, scores, counts, ties);
            }
            catch (ObjectDisposedException)
            {
                // The model was retired between taking its device copy and using it (surface replaced or deleted).
                return false;
            }

            positions = ArrayPool<int>.Shared.Rent(k);
            kept = ArrayPool<float>.Shared.Rent(k);
            ReadOnlySpan<int> listed = items.AsSpan(0, count);
            for (int b = 0; b < batch; b++)
            {
                if (needed[b] > k || ties[b])
                {
                    pending.Add(b);
                    continue;
                }

                int found = 0;
                for (int t = 0; t < counts[b]; t++)
                {
                    int position = listed.BinarySearch(rows[(b * k) + t]);
                    if (position >= 0)
                    {
                        positions[found] = position;
                        kept[found] = scores[(b * k) + t];
                        found++;
                    }
                }

                // A row the host no longer lists (deactivated since the last upload) may hide one it does.
                bool complete = found == counts[b] || counts[b] < k;
                if (!complete || found - CountBlocked(positions.AsSpan(0, found), blocked[b]) < Math.Min(needed[b] - blocked[b].Length, count - blocked[b].Length))
                {
                    pending.Add(b);
                    continue;
                }

                best[b] = new int[Math.Min(found, needed[b])];
                SelectAmong(items, positions.AsSpan(0, found), kept.AsSpan(0, found), best[b]);
            }
        }
        finally
        {
            if (rows is not null)
            {
                ArrayPool<int>.Shared.Return(rows);
            }

            if (scores is not null)
            {
                ArrayPool<float>.Shared.Return(scores);
            }

            if (positions.Length > 0)
            {
                ArrayPool<int>.Shared.Return(positions);
                ArrayPool<float>.Shared.Return(kept);
            }
        }

        return true;
    }

    /// <summary>Orders candidate positions with their scores by the ranking order (score, then item id) and writes the best <c>best.Length</c>.</summary>
    private void SelectAmong(int[] items, ReadOnlySpan<int> positions, ReadOnlySpan<float> scores, int[] best)
    {
        int[] entryItems = ArrayPool<int>.Shared.Rent(Math.Max(1, positions.Length));
        int[] heap = ArrayPool<int>.Shared.Rent(Math.Max(1, best.Length));
        try
        {
            for (int e = 0; e < positions.Length; e++)
            {
                entryItems[e] = items[positions[e]];
            }

            var order = new CandidateOrder(scores, entryItems.AsSpan(0, positions.Length), _catalog);
            int selected = TopK.SelectRange(order, 0, positions.Length, heap.AsSpan(0, best.Length));
            for (int t = 0; t < selected; t++)
            {
                best[t] = positions[heap[t]];
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(entryItems);
            ArrayPool<int>.Shared.Return(heap);
        }
    }

    /// <summary>The device copy, created on first use; null once the model is retired.</summary>
    private ResidentTableSync? EnsureResident()
    {
        ResidentTableSync? resident = Volatile.Read(ref _resident);
        if (resident is null)
        {
            lock (_writer)
            {
                if (_deviceRetired)
                {
                    return null;
                }

                resident = _resident;
                if (resident is null)
                {
                    IResidentTable table = _scoring.Device!.CreateTable(Dimension);
                    resident = new ResidentTableSync(table, new PublishedRows(this), _scoring.EffectiveMaxStaleness);
                    resident.MarkAllChanged(_catalog.Count);
                    Volatile.Write(ref _resident, resident);
                }
            }

            resident.Flush();
        }

        resident.EnsureFresh();
        return resident;
    }

    /// <summary>Positions (ascending) in the candidate list of the excluded items that are in it.</summary>
    private int[] BlockedPositions(ReadOnlySpan<int> listed, IReadOnlyCollection<string>? exclude)
    {
        if (exclude is not { Count: > 0 })
        {
            return [];
        }

        var positions = new List<int>(exclude.Count);
        foreach (string id in exclude)
        {
            if (id is not null && _catalog.TryGetIndex(id, out int index))
            {
                int position = listed.BinarySearch(index);
                if (position >= 0)
                {
                    positions.Add(position);
                }
            }
        }

        positions.Sort();
        int unique = 0;
        for (int k = 0; k < positions.Count; k++)
        {
            if (k == 0 || positions[k] != positions[k - 1])
            {
                positions[unique++] = positions[k];
            }
        }

        return [.. positions.Take(unique)];
    }

    private static int CountBlocked(ReadOnlySpan<int> positions, int[] blocked)
    {
        int found = 0;
        foreach (int position in positions)
        {
            if (blocked.AsSpan().BinarySearch(position) >= 0)
            {
                found++;
            }
        }

        return found;
    }

    private static int[] WithoutBlocked(int[] best, int[] blocked)
    {
        if (blocked.Length == 0)
        {
            return best;
        }

        return [.. best.Where(position => Array.BinarySearch(blocked, position) < 0)];
    }

    private static void FillDense(in FeatureVector context, Span<float> dense, Span<float> squares)
    {
        if (context.IsSparse)
        {
            dense.Clear();
            ReadOnlySpan<int> indices = context.Indices;
            ReadOnlySpan<float> values = context.Values;
            for (int k = 0; k < indices.Length; k++)
            {
                dense[indices[k]] = values[k];
            }
        }
        else
        {
            context.DenseValues.CopyTo(dense);
        }

        TensorPrimitives.Multiply(dense, dense, squares);
    }

    /// <summary>The model as the source of a <see cref="ResidentTableSync"/>.</summary>
    private sealed class PublishedRows(SurfaceModel model) : IPublishedRows
    {
        public int RowCount => model._catalog.Count;

        public void CopyRow(int row, Span<float> destination) => ((DenseStatisticsStore)model._statistics).CopyPublishedRow(row, destination);

        public bool IsActive(int row) => model._catalog.IsActiveAt(row);
    }
}
