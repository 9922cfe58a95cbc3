using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Statistics;

/// <summary>
/// Statistics for large dimensions (hashed names, cluster ids): an item keeps only the coordinates
/// it has seen, so memory follows the data rather than <c>items × dimension</c>. A coordinate it
/// never saw sits at the prior (<c>d = ridge</c>, <c>b = 0</c>: <c>MissingEdge = Prior</c>).
/// </summary>
/// <remarks>
/// Scoring binary-searches each context coordinate in the item's sorted coordinates:
/// O(nnz(x) · log nnz(item)) per candidate. An update inserts new coordinates in place while the row
/// has capacity (O(nnz(item)) moves) and otherwise publishes a grown copy.
/// </remarks>
internal sealed class SparseStatisticsStore : StatisticsStore
{
    private const int BlockShift = 10;
    private const int BlockMask = (1 << BlockShift) - 1;
    private const int Batch = 128;

    private SparseRowBlock[] _blocks = [];
    private float _inversePrior;

    public SparseStatisticsStore(int dimension, double ridge)
        : base(dimension, ridge)
    {
        _inversePrior = (float)(1 / ridge);
    }

    public override bool SupportsDenseContext => false;

    public override void AddRow(int index)
    {
        int blockNumber = index >> BlockShift;
        if (blockNumber == _blocks.Length)
        {
            var grown = new SparseRowBlock[Math.Max(4, _blocks.Length * 2)];
            Array.Copy(_blocks, grown, _blocks.Length);
            Volatile.Write(ref _blocks, grown);
        }

        _blocks[blockNumber] ??= new SparseRowBlock(BlockMask + 1);
    }

    public override void Score(ReadOnlySpan<int> items, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances)
    {
        SparseRowBlock[] blocks = Volatile.Read(ref _blocks);
        float inversePrior = Volatile.Read(ref _inversePrior);
        Span<int> seen = stackalloc int[Batch];
        for (int start = 0; start < items.Length; start += Batch)
        {
            int count = Math.Min(Batch, items.Length - start);
            for (int k = 0; k < count; k++)
            {
                int item = items[start + k];
                SparseRowBlock block = blocks[item >> BlockShift];
                seen[k] = BeginRead(ref block.Sequences[item & BlockMask]);
                ScoreRow(Volatile.Read(ref block.Rows[item & BlockMask]), context, inversePrior, out means[start + k], out variances[start + k]);
            }

            Interlocked.MemoryBarrier();
            for (int k = 0; k < count; k++)
            {
                int item = items[start + k];
                SparseRowBlock block = blocks[item >> BlockShift];
                ref int sequence = ref block.Sequences[item & BlockMask];
                if (Volatile.Read(ref sequence) == seen[k])
                {
                    continue;
                }

                while (true)
                {
                    int again = BeginRead(ref sequence);
                    ScoreRow(Volatile.Read(ref block.Rows[item & BlockMask]), context, inversePrior, out means[start + k], out variances[start + k]);
                    if (EndRead(ref sequence, again))
                    {
                        break;
                    }
                }
            }
        }
    }

    public override void Apply(int index, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double reward, double forgetting)
    {
        SparseRowBlock block = _blocks[index >> BlockShift];
        int slot = index & BlockMask;
        SparseRow? row = block.Rows[slot];
        int existing = row?.Count ?? 0;

        // Validate every touched coordinate and count the new ones before anything changes.
        int added = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            double x = values[k];
            int at = row is null ? -1 : row.Indices.AsSpan(0, existing).BinarySearch(indices[k]);
            double sumSquares = at >= 0 ? row!.SumSquares[at] * forgetting : 0;
            double sumRewards = at >= 0 ? row!.SumRewards[at] * forgetting : 0;
            CheckRepresentable(sumSquares + (x * x), sumRewards + (x * reward));
            if (at < 0)
            {
                added++;
            }
        }

        ref int sequence = ref block.Sequences[slot];
        if (row is null || existing + added > row.Capacity)
        {
            // The grown copy is private until the swap; readers holding the old row read it consistently.
            var grown = new SparseRow(Math.Max(4, Math.Max(existing + added, 2 * existing)));
            MergeInto(grown, row, indices, values, reward, forgetting);
            BeginWrite(ref sequence);
            Volatile.Write(ref block.Rows[slot], grown);
            EndWrite(ref sequence);
            return;
        }

        BeginWrite(ref sequence);
        if (added == 0 && forgetting == 1)
        {
            // The common case for a hot item: only the example's coordinates change.
            for (int k = 0; k < indices.Length; k++)
            {
                double x = values[k];
                int at = row.Indices.AsSpan(0, existing).BinarySearch(indices[k]);
                row.SumSquares[at] += x * x;
                row.SumRewards[at] += x * reward;
                (row.Theta[at], row.Inverse[at]) = Publish(row.SumSquares[at], row.SumRewards[at]);
            }
        }
        else
        {
            MergeInto(row, row, indices, values, reward, forgetting);
        }

        EndWrite(ref sequence);
    }

    public override int CoordinateCount(int index) => _blocks[index >> BlockShift].Rows[index & BlockMask]?.Count ?? 0;

    public override int CopyCoordinates(int index, Span<int> indices, Span<double> sumSquares, Span<double> sumRewards)
    {
        SparseRow? row = _blocks[index >> BlockShift].Rows[index & BlockMask];
        if (row is null)
        {
            return 0;
        }

        row.Indices.AsSpan(0, row.Count).CopyTo(indices);
        row.SumSquares.AsSpan(0, row.Count).CopyTo(sumSquares);
        row.SumRewards.AsSpan(0, row.Count).CopyTo(sumRewards);
        return row.Count;
    }

    public override void LoadRow(int index, ReadOnlySpan<int> indices, ReadOnlySpan<double> sumSquares, ReadOnlySpan<double> sumRewards)
    {
        SparseRowBlock block = _blocks[index >> BlockShift];
        int slot = index & BlockMask;
        if (indices.IsEmpty)
        {
            return;
        }

        var row = new SparseRow(indices.Length);
        indices.CopyTo(row.Indices);
        sumSquares.CopyTo(row.SumSquares);
        sumRewards.CopyTo(row.SumRewards);
        row.Count = indices.Length;
        PublishRow(row);
        BeginWrite(ref block.Sequences[slot]);
        Volatile.Write(ref block.Rows[slot], row);
        EndWrite(ref block.Sequences[slot]);
    }

    protected override void RepublishAll()
    {
        Volatile.Write(ref _inversePrior, (float)(1 / Ridge));
        foreach (SparseRowBlock? block in _blocks)
        {
            if (block is null)
            {
                continue;
            }

            for (int slot = 0; slot <= BlockMask; slot++)
            {
                if (block.Rows[slot] is SparseRow row)
                {
                    BeginWrite(ref block.Sequences[slot]);
                    PublishRow(row);
                    EndWrite(ref block.Sequences[slot]);
                }
            }
        }
    }

    private static void ScoreRow(SparseRow? row, in ScoringContext context, float inversePrior, out float mean, out float variance)
    {
        ReadOnlySpan<int> indices = context.Indices;
        ReadOnlySpan<float> values = context.Values;
        ReadOnlySpan<float> squares = context.ValuesSquared;
        float meanSum = 0;
        float varianceSum = 0;
        if (row is null)
        {
            for (int k = 0; k < indices.Length; k++)
            {
                varianceSum = MathF.FusedMultiplyAdd(squares[k], inversePrior, varianceSum);
            }
        }
        else
        {
            // Count may be mid-change; clamping keeps a racing reader in bounds until it retries.
            ReadOnlySpan<int> known = row.Indices.AsSpan(0, Math.Clamp(row.Count, 0, row.Capacity));
            for (int k = 0; k < indices.Length; k++)
            {
                int at = known.BinarySearch(indices[k]);
                if (at >= 0)
                {
                    meanSum = MathF.FusedMultiplyAdd(values[k], row.Theta[at], meanSum);
                    varianceSum = MathF.FusedMultiplyAdd(squares[k], row.Inverse[at], varianceSum);
                }
                else
                {
                    varianceSum = MathF.FusedMultiplyAdd(squares[k], inversePrior, varianceSum);
                }
            }
        }

        mean = meanSum;
        variance = varianceSum;
    }

    /// <summary>
    /// Writes <paramref name="source"/> (scaled by <paramref name="forgetting"/>) merged with the
    /// example into <paramref name="target"/>; source and target may be the same row (the merge runs
    /// from the back, so nothing is overwritten before it is moved).
    /// </summary>
    private void MergeInto(SparseRow target, SparseRow? source, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double reward, double forgetting)
    {
        int existing = source?.Count ?? 0;
        int added = 0;
        for (int k = 0; k < indices.Length; k++)
        {
            if (source is null || source.Indices.AsSpan(0, existing).BinarySearch(indices[k]) < 0)
            {
                added++;
            }
        }

        int write = existing + added - 1;
        int read = existing - 1;
        int incoming = indices.Length - 1;
        while (write >= 0)
        {
            if (incoming < 0 && forgetting == 1 && ReferenceEquals(target, source))
            {
                // In place and nothing left to insert: the remaining prefix is already where it belongs.
                break;
            }

            bool takeIncoming = incoming >= 0 && (read < 0 || indices[incoming] >= source!.Indices[read]);
            double sumSquares = 0;
            double sumRewards = 0;
            int coordinate;
            if (read >= 0 && (!takeIncoming || indices[incoming] == source!.Indices[read]))
            {
                coordinate = source!.Indices[read];
                sumSquares = source.SumSquares[read] * forgetting;
                sumRewards = source.SumRewards[read] * forgetting;
                read--;
            }
            else
            {
                coordinate = indices[incoming];
            }

            if (takeIncoming)
            {
                double x = values[incoming];
                sumSquares += x * x;
                sumRewards += x * reward;
                incoming--;
            }

            target.Indices[write] = coordinate;
            target.SumSquares[write] = sumSquares;
            target.SumRewards[write] = sumRewards;
            (target.Theta[write], target.Inverse[write]) = Publish(sumSquares, sumRewards);
            write--;
        }

        target.Count = existing + added;
    }

    private void PublishRow(SparseRow row)
    {
        for (int k = 0; k < row.Count; k++)
        {
            (row.Theta[k], row.Inverse[k]) = Publish(row.SumSquares[k], row.SumRewards[k]);
        }
    }
}
