using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Statistics;

/// <summary>
/// Statistics for small dimensions (≤ <see cref="SurfaceModel.DenseDimensionLimit"/>): every item
/// has a full contiguous row, scored with SIMD through an <see cref="IScoringBackend"/>.
/// </summary>
/// <remarks>
/// Rows live in blocks of about <see cref="ElementsPerBlock"/> coordinates; growth adds a block
/// and swaps the directory array, so a ranking thread never waits for a copy of the model. The blocks'
/// published tables lie side by side in slabs (<see cref="DenseTableSlabs"/>), and a batch of consecutive
/// items is scored without a row list, so a whole-catalog ranking streams through memory.
/// </remarks>
internal sealed class DenseStatisticsStore : StatisticsStore
{
    /// <summary>Coordinates per block: small enough that a new surface costs little, large enough for long SIMD runs.</summary>
    public const int ElementsPerBlock = 4096;

    /// <summary>Rows scored per backend call; bounds the stack scratch of sequence numbers.</summary>
    private const int Batch = 128;

    /// <summary>
    /// The fewest consecutive untrained rows a batch skips; shorter runs are read with their neighbours. Splitting a
    /// batch costs kernel calls and four-row groups: at 10k × d32 with every fifth or second item trained at random,
    /// runs of 4 were no faster than reading every row and runs of 8 no slower (a Stopwatch harness, one core).
    /// </summary>
    private const int MinPriorRun = 8;

    /// <summary>0, 1, 2, …: the row list of a batch of consecutive rows, sliced rather than built per batch.</summary>
    private static readonly int[] ConsecutiveRows = [.. Enumerable.Range(0, ElementsPerBlock)];

    private readonly int _rowShift;
    private readonly int _rowMask;
    private readonly DenseTableSlabs _slabs;

    /// <summary>The blocks' 8-bit estimates side by side, as <see cref="_slabs"/> keeps their tables; null when none are kept.</summary>
    private readonly DenseTableSlabs? _estimateSlabs;

    /// <summary>Whether blocks keep 8-bit θ, its steps and largest 1/d for pruning: blocks of at least 16 rows (d ≤ 256).</summary>
    private readonly bool _estimates;
    private DenseRowBlock[] _blocks = [];

    /// <summary>Blocks made so far: the table's size in rows is this times the rows per block.</summary>
    private int _blockCount;

    /// <summary>The published row of an item at the prior, for the current ridge.</summary>
    private float[] _prior;

    public DenseStatisticsStore(int dimension, double ridge)
        : base(dimension, ridge)
    {
        int rowsPerBlock = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, ElementsPerBlock / dimension));
        if (rowsPerBlock * dimension > ElementsPerBlock && rowsPerBlock > 1)
        {
            rowsPerBlock >>= 1;
        }

        _rowShift = BitOperations.Log2((uint)rowsPerBlock);
        _rowMask = rowsPerBlock - 1;
        _slabs = new DenseTableSlabs(rowsPerBlock * 2 * dimension);
        _prior = PriorRow();
        _estimates = rowsPerBlock >= DenseRowBlock.GroupRows;
        _estimateSlabs = _estimates ? new DenseTableSlabs(DenseRowBlock.EstimateLength(rowsPerBlock, dimension)) : null;
    }

    public override bool SupportsDenseContext => true;

    public override void AddRow(int index)
    {
        int blockNumber = index >> _rowShift;
        if (blockNumber == _blocks.Length)
        {
            var grown = new DenseRowBlock[Math.Max(4, _blocks.Length * 2)];
            Array.Copy(_blocks, grown, _blocks.Length);
            Volatile.Write(ref _blocks, grown);
        }

        DenseRowBlock block = _blocks[blockNumber] ??= NewBlock();
        int row = index & _rowMask;
        BeginRowWrite(block, row);
        PublishRow(block, row);
        EndRowWrite(block, row);
    }

    private DenseRowBlock NewBlock()
    {
        _blockCount++;
        float[] slab = _slabs.Take(out int tableStart);
        if (_estimateSlabs is null)
        {
            return new DenseRowBlock(_rowMask + 1, Dimension, slab, tableStart, _prior);
        }

        float[] estimates = _estimateSlabs.Take(out int estimateStart);
        return new DenseRowBlock(_rowMask + 1, Dimension, slab, tableStart, _prior, estimates, estimateStart);
    }

    public override void Score(ReadOnlySpan<int> items, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances)
    {
        var none = UcbPruning.None;
        ScorePruned(items, context, backend, means, variances, ref none);
    }

    /// <summary>
    /// Whether <see cref="ScorePruned"/> can prune here: with AVX-512, or AVX2 and FMA (see
    /// <see cref="PruningMinimumCoordinates"/>). Elsewhere the scalar estimate costs more than reading every row (a
    /// fully trained 10,000 × d32 rank took 354 µs against 54).
    /// </summary>
    internal static bool PrunesOnThisMachine => Avx512F.IsSupported || (Avx2.IsSupported && Fma.IsSupported);

    /// <summary>
    /// The fewest coordinates (rows × dimension) the table needs before <see cref="ScorePruned"/> prunes on this machine:
    /// 0 with AVX-512; 2²¹ (65,536 rows at d = 32, 16 MB of θ and 1/d) with AVX2 alone, where the eight-lane estimate
    /// pays only once the rows no longer fit the caches. The table's size decides, not the scan's, so that a large
    /// catalog ranked in parallel chunks still prunes each chunk.
    /// </summary>
    /// <remarks>
    /// Fully trained catalogs at d = 32 on a 2-core EPYC (Zen 3, AVX2, no AVX-512) VM, same process, pruned and unpruned
    /// rounds alternating: at 10,000 and 30,000 items the two were within noise of each other (about 70 and 210 µs); at
    /// 100,000, 0.72 to 1.36 ms pruned against 1.74 to 2.31 ms; at 1,000,000, 10.6 to 15.0 ms against 20.4 to 21.8 ms
    /// (docs/performance.md, "Sixteenth pass"). On an AVX-512 machine with AVX-512 switched off, the same pass had made a
    /// 10,000-item rank slower (85 to 89 µs against 54). Set per store by tests.
    /// </remarks>
    internal long PruningMinimumCoordinates { get; set; } = Avx512F.IsSupported ? 0 : 1L << 21;

    /// <summary>Rows the table has room for (its blocks), times the dimension.</summary>
    private long TableCoordinates => (long)Volatile.Read(ref _blockCount) * (_rowMask + 1) * Dimension;

    /// <summary>
    /// Scores as <see cref="Score"/>, except that trained rows of consecutive batches that <paramref name="pruning"/>
    /// shows cannot be among the best get <see cref="UcbPruning.Pruned"/> as their mean and 0 as their variance, and are
    /// never read in full.
    /// </summary>
    /// <remarks>
    /// Reading every row of a trained catalog was the largest cost of a whole-catalog rank (256 bytes per item at
    /// d = 32, at the cache's bandwidth). Once k scores are known, each group of 16 rows is estimated from its 8-bit
    /// θ (32 bytes per item at d = 32), and only rows whose bound reaches the k-th best so far are read and scored by the kernel,
    /// so every score that is kept has the kernel's bits. Offers to the bar are made only after the block's sequence
    /// held, so a torn read never raises it. Needs the CPU kernel and blocks that keep estimates; otherwise every row is
    /// read (<see cref="Score"/> is this scan with <see cref="UcbPruning.None"/>).
    /// </remarks>
    public override void ScorePruned(ReadOnlySpan<int> items, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances, ref UcbPruning pruning)
    {
        bool prunes = _estimates && PrunesOnThisMachine && TableCoordinates >= PruningMinimumCoordinates
            && pruning.Enabled && context.UseDense && backend is CpuSimdScoringBackend;
        DenseRowBlock[] blocks = Volatile.Read(ref _blocks);
        Span<int> scratch = stackalloc int[Batch];
        var reached = prunes
            ? new ReachedRows(stackalloc int[Batch], stackalloc int[Batch], stackalloc float[Batch], stackalloc float[Batch])
            : default;

        ReadOnlySpan<float> x = prunes ? context.Dense : default;

        var prior = default(PriorScore);
        int position = 0;
        while (position < items.Length)
        {
            int blockNumber = items[position] >> _rowShift;
            DenseRowBlock block = blocks[blockNumber];
            ReadOnlySpan<int> rows = BatchRows(items, position, blockNumber, scratch, out bool consecutive);
            int count = rows.Length;
            Span<float> batchMeans = means.Slice(position, count);
            Span<float> batchVariances = variances.Slice(position, count);
            float threshold = prunes ? pruning.Threshold : float.NegativeInfinity;
            bool bounded = consecutive && threshold != float.NegativeInfinity;
            int priorRows = 0;
            int prunedRows = 0;
            reached.Count = 0;

            // The block's sequence covers every row in it: when no writer touched the block while the batch
            // was read, no row can be torn. Otherwise each row is read again under its own sequence.
            int version = Volatile.Read(ref block.Version);
            bool held = (version & 1) == 0;
            if (held)
            {
                if (bounded)
                {
                    priorRows = ScoreReachable(block, rows[0], count, context, x, backend, batchMeans, batchVariances, threshold, pruning, ref prior, ref reached, out prunedRows);
                }
                else if (consecutive && context.UseDense)
                {
                    ScoreConsecutive(block, rows[0], count, context, backend, batchMeans, batchVariances, ref prior);
                }
                else
                {
                    ScoreRows(block, rows, context, backend, batchMeans, batchVariances);
                }

                held = EndRead(ref block.Version, version);
            }

            if (!held)
            {
                for (int k = 0; k < count; k++)
                {
                    RescoreRow(block, rows.Slice(k, 1), context, backend, batchMeans.Slice(k, 1), batchVariances.Slice(k, 1));
                }

                bounded = false;
            }

            // Only scores read inside an unbroken sequence may raise the bar.
            if (bounded)
            {
                foreach (int k in reached.Positions[..reached.Count])
                {
                    pruning.Offer(batchMeans[k], batchVariances[k]);
                }

                pruning.Offer(prior.Mean, prior.Variance, priorRows);
                pruning.PrunedRows += prunedRows;
            }
            else if (prunes)
            {
                for (int k = 0; k < count; k++)
                {
                    pruning.Offer(batchMeans[k], batchVariances[k]);
                }
            }

            position += count;
        }
    }

    /// <summary>
    /// Consecutive rows from <paramref name="firstRow"/> (at most one batch, inside one block), read in full only where they
    /// may reach <paramref name="threshold"/>: untrained rows get the prior's scores unread, trained rows whose bound
    /// (<see cref="UcbPruning.CannotReach"/>) is below it get <see cref="UcbPruning.Pruned"/>, and the rest are scored by
    /// the kernel; their positions go to <paramref name="reached"/>. Returns how many rows got the prior's scores, and in
    /// <paramref name="prunedRows"/> how many got <see cref="UcbPruning.Pruned"/>.
    /// </summary>
    private static int ScoreReachable(DenseRowBlock block, int firstRow, int count, in ScoringContext context, ReadOnlySpan<float> x, IScoringBackend backend, Span<float> means, Span<float> variances, float threshold, in UcbPruning pruning, ref PriorScore prior, ref ReachedRows reached, out int prunedRows)
    {
        prunedRows = 0;
        const int Group = DenseRowBlock.GroupRows;
        int end = firstRow + count;
        if (RunEnd(block.Trained, firstRow, end, set: false) == end)
        {
            // No trained row at all (a catalog without feedback): the prior's scores, as the unpruned scan gives them.
            prior.Resolve(block.Prior, context, backend);
            means.Fill(prior.Mean);
            variances.Fill(prior.Variance);
            return count;
        }

        int firstGroupRow = firstRow & ~(Group - 1);
        int groups = ((end - firstGroupRow) + Group - 1) / Group;
        Span<uint> trainedLanes = stackalloc uint[(Batch / Group) + 1];
        Span<uint> unreachable = stackalloc uint[(Batch / Group) + 1];
        trainedLanes = trainedLanes[..groups];
        for (int g = 0; g < groups; g++)
        {
            int groupRow = firstGroupRow + (g * Group);
            trainedLanes[g] = (uint)(block.Trained[groupRow >> 6] >> (groupRow & 63)) & LanesInRange(groupRow, firstRow, end, out _, out _);
        }

        UnreachableLanes(block, firstGroupRow, trainedLanes, x, threshold, pruning, unreachable);
        int priorRows = 0;
        for (int g = 0; g < groups; g++)
        {
            int groupRow = firstGroupRow + (g * Group);
            uint priorLanes = LanesInRange(groupRow, firstRow, end, out int from, out int to) & ~trainedLanes[g];
            if (priorLanes != 0)
            {
                prior.Resolve(block.Prior, context, backend);
                priorRows += BitOperations.PopCount(priorLanes);
            }

            // Every lane in range gets the prior's scores or −∞; rows read below then get the kernel's.
            int at = groupRow + from - firstRow;
            WriteGroup(means.Slice(at, to - from), variances.Slice(at, to - from), priorLanes >> from, prior.Mean, prior.Variance);
            uint reachable = trainedLanes[g] & ~unreachable[g];
            prunedRows += BitOperations.PopCount(trainedLanes[g] & unreachable[g]);
            while (reachable != 0)
            {
                int row = groupRow + BitOperations.TrailingZeroCount(reachable);
                reached.Add(row - firstRow, row);
                reachable &= reachable - 1;
            }
        }

        if (reached.Count > 0)
        {
            Span<float> readMeans = reached.Means[..reached.Count];
            Span<float> readVariances = reached.Variances[..reached.Count];
            backend.ScoreDense(block.Table, context.Dimension, reached.Rows[..reached.Count], context.Dense, context.DenseSquared, readMeans, readVariances);
            for (int k = 0; k < reached.Count; k++)
            {
                means[reached.Positions[k]] = readMeans[k];
                variances[reached.Positions[k]] = readVariances[k];
            }
        }

        return priorRows;
    }

    /// <summary>The lanes of the group at <paramref name="groupRow"/> inside rows <c>[firstRow, end)</c>, as bits and as <c>[from, to)</c>.</summary>
    private static uint LanesInRange(int groupRow, int firstRow, int end, out int from, out int to)
    {
        from = Math.Max(firstRow, groupRow) - groupRow;
        to = Math.Min(end, groupRow + DenseRowBlock.GroupRows) - groupRow;
        return (uint)(((1 << to) - 1) & ~((1 << from) - 1));
    }

    /// <summary>Lane k of the span gets the prior's scores where bit k of <paramref name="priorLanes"/> is set, else −∞ and 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteGroup(Span<float> means, Span<float> variances, uint priorLanes, float priorMean, float priorVariance)
    {
        if (Vector512.IsHardwareAccelerated && means.Length == DenseRowBlock.GroupRows)
        {
            Vector512<float> isPrior = Vector512.Equals(Vector512.Create(priorLanes) & LaneBits, LaneBits).AsSingle();
            Vector512.ConditionalSelect(isPrior, Vector512.Create(priorMean), Vector512.Create(UcbPruning.Pruned)).CopyTo(means);
            Vector512.ConditionalSelect(isPrior, Vector512.Create(priorVariance), Vector512<float>.Zero).CopyTo(variances);
            return;
        }

        if (Vector256.IsHardwareAccelerated && means.Length == DenseRowBlock.GroupRows)
        {
            const int Half = DenseRowBlock.GroupRows / 2;
            Vector256<float> lowPrior = Vector256.Equals(Vector256.Create(priorLanes) & HalfLaneBits, HalfLaneBits).AsSingle();
            Vector256<float> highPrior = Vector256.Equals(Vector256.Create(priorLanes >> Half) & HalfLaneBits, HalfLaneBits).AsSingle();
            Vector256<float> mean = Vector256.Create(priorMean);
            Vector256<float> variance = Vector256.Create(priorVariance);
            Vector256<float> pruned = Vector256.Create(UcbPruning.Pruned);
            Vector256.ConditionalSelect(lowPrior, mean, pruned).CopyTo(means);
            Vector256.ConditionalSelect(highPrior, mean, pruned).CopyTo(means[Half..]);
            Vector256.ConditionalSelect(lowPrior, variance, Vector256<float>.Zero).CopyTo(variances);
            Vector256.ConditionalSelect(highPrior, variance, Vector256<float>.Zero).CopyTo(variances[Half..]);
            return;
        }

        for (int lane = 0; lane < means.Length; lane++)
        {
            bool isPrior = (priorLanes & (1u << lane)) != 0;
            means[lane] = isPrior ? priorMean : UcbPruning.Pruned;
            variances[lane] = isPrior ? priorVariance : 0;
        }
    }

    /// <summary>Bit k set in lane k: turns a 16-bit mask into a vector mask.</summary>
    private static Vector512<uint> LaneBits => Vector512.Create(1u, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);

    /// <summary>The first eight of <see cref="LaneBits"/>, for each half of a group with 256-bit vectors.</summary>
    private static Vector256<uint> HalfLaneBits => Vector256.Create(1u, 2, 4, 8, 16, 32, 64, 128);

    /// <summary>Asks for every cache line of the rows of the group at <paramref name="groupRow"/> set in <paramref name="lanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PrefetchRows(DenseRowBlock block, int groupRow, uint lanes)
    {
        if (lanes == 0 || !Sse.IsSupported)
        {
            return;
        }

        int rowBytes = block.TableLength / block.Sequences.Length * sizeof(float);
        byte* table = (byte*)Unsafe.AsPointer(ref block.Slab[block.TableStart]);
        while (lanes != 0)
        {
            // The address is only formed and prefetched, never dereferenced: a stale row is a wasted request, not a fault.
            byte* row = table + ((nint)(groupRow + BitOperations.TrailingZeroCount(lanes)) * rowBytes);
            for (int line = 0; line < rowBytes; line += 64)
            {
                Sse.Prefetch0(row + line);
            }

            lanes &= lanes - 1;
        }
    }

    /// <summary>
    /// For each group of 16 rows from <paramref name="firstGroupRow"/> with a bit in <paramref name="trainedLanes"/>, a bit per lane
    /// in <paramref name="unreachable"/>: set where the row's mean estimate from its 8-bit θ shows that it
    /// <see cref="UcbPruning.CannotReach"/> the threshold (groups without trained lanes get 0, unread).
    /// </summary>
    /// <remarks>
    /// Per lane, coordinate c is multiply-added into sum c mod 4, in coordinate order; the four sums are added pairwise
    /// and the total times the row's step is the estimate: the same operations with or without AVX-512. Four short chains
    /// and the groups of a batch in one loop let the out-of-order core overlap the multiply-adds (one call per group with
    /// two chains ran at their latency, 2.5 times slower). Any order serves: the error bound holds for every order.
    /// </remarks>
    // Jitted optimized at the first call, like PrefetchRows and WriteGroup: a fresh server under load otherwise ran
    // these per-batch SIMD loops as unoptimized tier-0 code (vector operations as calls) for its first seconds, the
    // largest cost in a warm-up profile (docs/performance.md, "Thirteenth pass"). They gain nothing from profile-guided
    // tiering: no virtual calls, and their branches follow the data.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void UnreachableLanes(DenseRowBlock block, int firstGroupRow, ReadOnlySpan<uint> trainedLanes, ReadOnlySpan<float> x, float threshold, in UcbPruning pruning, Span<uint> unreachable)
    {
        const int Group = DenseRowBlock.GroupRows;
        int dimension = block.Dimension;
        int groups = trainedLanes.Length;
        if (x.Length < dimension || unreachable.Length < groups || firstGroupRow % Group != 0
            || (long)(firstGroupRow + (groups * Group)) * dimension > (long)block.EstimatesLength * sizeof(float)
            || firstGroupRow + (groups * Group) > block.ThetaScales.Length)
        {
            throw new ArgumentException("The groups lie outside the block, or the context is shorter than a row.", nameof(trainedLanes));
        }

        if (Avx512F.IsSupported)
        {
            ref sbyte estimates = ref MemoryMarshal.GetReference(block.ThetaEstimates);
            ref float scales = ref MemoryMarshal.GetArrayDataReference(block.ThetaScales);
            ref float maxInverses = ref MemoryMarshal.GetArrayDataReference(block.MaxInverses);
            ref float context = ref MemoryMarshal.GetReference(x);
            Vector512<float> bar = Vector512.Create(threshold);
            Vector512<float> keep = Vector512.Create(1 - UcbPruning.GapMargin);
            Vector512<float> margin = Vector512.Create(UcbPruning.GapMargin);
            Vector512<float> errorScale = Vector512.Create(pruning.ErrorScale);
            Vector512<float> errorFloor = Vector512.Create(pruning.ErrorFloor);
            Vector512<float> varianceScale = Vector512.Create(pruning.VarianceScale);
            int whole = dimension & ~3;
            for (int g = 0; g < groups; g++)
            {
                if (trainedLanes[g] == 0)
                {
                    unreachable[g] = 0;
                    continue;
                }

                int groupRow = firstGroupRow + (g * Group);
                ref sbyte group = ref Unsafe.Add(ref estimates, groupRow * dimension);
                Vector512<float> first = Vector512<float>.Zero;
                Vector512<float> second = Vector512<float>.Zero;
                Vector512<float> third = Vector512<float>.Zero;
                Vector512<float> fourth = Vector512<float>.Zero;
                int c = 0;
                for (; c < whole; c += 4)
                {
                    first = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c)), Widen(ref group, c), first);
                    second = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c + 1)), Widen(ref group, c + 1), second);
                    third = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c + 2)), Widen(ref group, c + 2), third);
                    fourth = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c + 3)), Widen(ref group, c + 3), fourth);
                }

                if (c < dimension)
                {
                    first = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c)), Widen(ref group, c), first);
                }

                if (c + 1 < dimension)
                {
                    second = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c + 1)), Widen(ref group, c + 1), second);
                }

                if (c + 2 < dimension)
                {
                    third = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref context, c + 2)), Widen(ref group, c + 2), third);
                }

                // UcbPruning.CannotReach, sixteen rows at a time.
                Vector512<float> scale = Vector512.LoadUnsafe(ref scales, (nuint)groupRow);
                Vector512<float> estimate = ((first + second) + (third + fourth)) * scale;
                Vector512<float> error = (errorScale * scale) + errorFloor;
                Vector512<float> gap = ((bar - estimate - error) * keep) - ((Vector512.Abs(estimate) + error) * margin);
                Vector512<float> cannot = Vector512.GreaterThan(gap, Vector512<float>.Zero)
                    & Vector512.LessThan(varianceScale * Vector512.LoadUnsafe(ref maxInverses, (nuint)groupRow), gap * gap);
                uint lanes = (uint)cannot.ExtractMostSignificantBits();
                unreachable[g] = lanes;

                // The rows that may reach the bar are read in full once the batch is estimated: ask for them now, so
                // their lines arrive while the other groups are estimated (read cold, each cost a cache miss).
                PrefetchRows(block, groupRow, trainedLanes[g] & ~lanes);
            }

            return;
        }

        if (Avx2.IsSupported && Fma.IsSupported)
        {
            UnreachableLanesAvx2(block, firstGroupRow, trainedLanes, x, threshold, pruning, unreachable);
            return;
        }

        UnreachableLanesScalar(block, firstGroupRow, trainedLanes, x, threshold, pruning, unreachable);

        // Coordinate c of the group's 16 rows as floats: one sign-extending load and one conversion.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Widen(ref sbyte group, int c)
            => Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref group, (nuint)(c * Group))));
    }

    /// <summary>
    /// <see cref="UnreachableLanes"/> with 256-bit vectors (AVX2 and FMA, no AVX-512): each group's 16 rows as two halves of
    /// eight lanes, from one 16-byte load per coordinate; per lane the same operations in the same order. The caller has
    /// checked the arguments.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UnreachableLanesAvx2(DenseRowBlock block, int firstGroupRow, ReadOnlySpan<uint> trainedLanes, ReadOnlySpan<float> x, float threshold, in UcbPruning pruning, Span<uint> unreachable)
    {
        const int Group = DenseRowBlock.GroupRows;
        const int Half = Group / 2;
        int dimension = block.Dimension;
        ref sbyte estimates = ref MemoryMarshal.GetReference(block.ThetaEstimates);
        ref float scales = ref MemoryMarshal.GetArrayDataReference(block.ThetaScales);
        ref float maxInverses = ref MemoryMarshal.GetArrayDataReference(block.MaxInverses);
        ref float context = ref MemoryMarshal.GetReference(x);
        var bound = new PruningVectors(threshold, pruning);
        int whole = dimension & ~3;
        for (int g = 0; g < trainedLanes.Length; g++)
        {
            if (trainedLanes[g] == 0)
            {
                unreachable[g] = 0;
                continue;
            }

            int groupRow = firstGroupRow + (g * Group);
            ref sbyte group = ref Unsafe.Add(ref estimates, groupRow * dimension);

            // Sums c mod 4 of the low (rows 0–7) and high (rows 8–15) halves.
            Vector256<float> low0 = Vector256<float>.Zero, low1 = Vector256<float>.Zero, low2 = Vector256<float>.Zero, low3 = Vector256<float>.Zero;
            Vector256<float> high0 = Vector256<float>.Zero, high1 = Vector256<float>.Zero, high2 = Vector256<float>.Zero, high3 = Vector256<float>.Zero;
            int c = 0;
            for (; c < whole; c += 4)
            {
                Accumulate(ref group, ref context, c, ref low0, ref high0);
                Accumulate(ref group, ref context, c + 1, ref low1, ref high1);
                Accumulate(ref group, ref context, c + 2, ref low2, ref high2);
                Accumulate(ref group, ref context, c + 3, ref low3, ref high3);
            }

            if (c < dimension)
            {
                Accumulate(ref group, ref context, c, ref low0, ref high0);
            }

            if (c + 1 < dimension)
            {
                Accumulate(ref group, ref context, c + 1, ref low1, ref high1);
            }

            if (c + 2 < dimension)
            {
                Accumulate(ref group, ref context, c + 2, ref low2, ref high2);
            }

            uint lanes = Cannot((low0 + low1) + (low2 + low3), Vector256.LoadUnsafe(ref scales, (nuint)groupRow), Vector256.LoadUnsafe(ref maxInverses, (nuint)groupRow), bound)
                | (Cannot((high0 + high1) + (high2 + high3), Vector256.LoadUnsafe(ref scales, (nuint)(groupRow + Half)), Vector256.LoadUnsafe(ref maxInverses, (nuint)(groupRow + Half)), bound) << Half);
            unreachable[g] = lanes;
            PrefetchRows(block, groupRow, trainedLanes[g] & ~lanes);
        }

        // UcbPruning.CannotReach, eight rows at a time.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static uint Cannot(Vector256<float> sum, Vector256<float> scale, Vector256<float> maxInverse, in PruningVectors p)
        {
            Vector256<float> estimate = sum * scale;
            Vector256<float> error = (p.ErrorScale * scale) + p.ErrorFloor;
            Vector256<float> gap = ((p.Bar - estimate - error) * p.Keep) - ((Vector256.Abs(estimate) + error) * p.Margin);
            Vector256<float> cannot = Vector256.GreaterThan(gap, Vector256<float>.Zero) & Vector256.LessThan(p.VarianceScale * maxInverse, gap * gap);
            return cannot.ExtractMostSignificantBits();
        }

        // Coordinate c of the group's 16 rows: one load; each half sign-extended, converted and multiply-added into its sum.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Accumulate(ref sbyte group, ref float context, int c, ref Vector256<float> low, ref Vector256<float> high)
        {
            Vector128<sbyte> values = Vector128.LoadUnsafe(ref group, (nuint)(c * Group));
            Vector256<float> xc = Vector256.Create(Unsafe.Add(ref context, c));
            low = Vector256.FusedMultiplyAdd(xc, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(values)), low);
            high = Vector256.FusedMultiplyAdd(xc, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.UnpackHigh(values.AsInt64(), values.AsInt64()).AsSByte())), high);
        }
    }

    /// <summary>The constants of <see cref="UcbPruning.CannotReach"/> for one scan, broadcast to eight lanes.</summary>
    private readonly struct PruningVectors(float threshold, in UcbPruning pruning)
    {
        public readonly Vector256<float> Bar = Vector256.Create(threshold);
        public readonly Vector256<float> Keep = Vector256.Create(1 - UcbPruning.GapMargin);
        public readonly Vector256<float> Margin = Vector256.Create(UcbPruning.GapMargin);
        public readonly Vector256<float> ErrorScale = Vector256.Create(pruning.ErrorScale);
        public readonly Vector256<float> ErrorFloor = Vector256.Create(pruning.ErrorFloor);
        public readonly Vector256<float> VarianceScale = Vector256.Create(pruning.VarianceScale);
    }

    /// <summary><see cref="UnreachableLanes"/> without SIMD: the same operations per lane, in the same order.</summary>
    internal static void UnreachableLanesScalar(DenseRowBlock block, int firstGroupRow, ReadOnlySpan<uint> trainedLanes, ReadOnlySpan<float> x, float threshold, in UcbPruning pruning, Span<uint> unreachable)
    {
        const int Group = DenseRowBlock.GroupRows;
        int dimension = block.Dimension;
        int groups = trainedLanes.Length;
        Span<float> sums = stackalloc float[4];
        ReadOnlySpan<sbyte> values = block.ThetaEstimates;
        for (int g = 0; g < groups; g++)
        {
            unreachable[g] = 0;
            if (trainedLanes[g] == 0)
            {
                continue;
            }

            int groupRow = firstGroupRow + (g * Group);
            for (int lane = 0; lane < Group; lane++)
            {
                // Four sums, as the vector loop keeps them: coordinate c in sum c mod 4.
                sums.Clear();
                for (int c = 0; c < dimension; c++)
                {
                    sums[c & 3] = MathF.FusedMultiplyAdd(x[c], values[(groupRow * dimension) + (c * Group) + lane], sums[c & 3]);
                }

                float scale = block.ThetaScales[groupRow + lane];
                if (UcbPruning.CannotReach(((sums[0] + sums[1]) + (sums[2] + sums[3])) * scale, scale, block.MaxInverses[groupRow + lane], threshold, pruning.VarianceScale, pruning.ErrorScale, pruning.ErrorFloor))
                {
                    unreachable[g] |= 1u << lane;
                }
            }
        }
    }

    /// <summary>
    /// Computes <c>Σ x θ</c> and <c>Σ x²/d</c> of every listed row for every context, reading each row
    /// from memory once: a batch of up to <see cref="Batch"/> rows of one block (32 KiB at d = 32) stays
    /// in L1/L2 while every context is scored against it with the four-row kernel, the same kernel and
    /// so the same bits as a single <see cref="Score"/>.
    /// </summary>
    /// <param name="items">Ascending item indices.</param>
    /// <param name="contexts">Dense contexts, <c>contextCount·D</c> floats.</param>
    /// <param name="contextsSquared">Their squares.</param>
    /// <param name="contextCount">The number of contexts.</param>
    /// <param name="means">Context b's results at <c>[b·stride, b·stride + items.Length)</c>.</param>
    /// <param name="variances">Same layout.</param>
    /// <param name="stride">The distance between two contexts' results.</param>
    public void ScoreMany(ReadOnlySpan<int> items, ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, Span<float> means, Span<float> variances, int stride)
    {
        DenseRowBlock[] blocks = Volatile.Read(ref _blocks);
        int dimension = Dimension;
        Span<int> scratch = stackalloc int[Batch];
        int position = 0;
        while (position < items.Length)
        {
            int blockNumber = items[position] >> _rowShift;
            DenseRowBlock block = blocks[blockNumber];
            ReadOnlySpan<int> rows = BatchRows(items, position, blockNumber, scratch, out bool consecutive);
            int count = rows.Length;

            int version = Volatile.Read(ref block.Version);
            if ((version & 1) == 0)
            {
                ScoreRowsForAll(block, dimension, rows, consecutive, contexts, contextsSquared, contextCount, means, variances, stride, position);
                if (EndRead(ref block.Version, version))
                {
                    position += count;
                    continue;
                }
            }

            for (int k = 0; k < count; k++)
            {
                ref int sequence = ref block.Sequences[rows[k]];
                while (true)
                {
                    int seen = BeginRead(ref sequence);
                    ScoreRowsForAll(block, dimension, rows.Slice(k, 1), consecutive: false, contexts, contextsSquared, contextCount, means, variances, stride, position + k);
                    if (EndRead(ref sequence, seen))
                    {
                        break;
                    }
                }
            }

            position += count;
        }
    }

    /// <summary>The block holding item <paramref name="index"/> (tests).</summary>
    internal DenseRowBlock BlockOf(int index) => Volatile.Read(ref _blocks)[index >> _rowShift];

    /// <summary>Item <paramref name="index"/>'s row in its block (tests).</summary>
    internal int BlockRowOf(int index) => index & _rowMask;

    /// <summary>Copies row <paramref name="index"/> of the published table (θ then 1/d), never half-written.</summary>
    public void CopyPublishedRow(int index, Span<float> destination)
    {
        DenseRowBlock block = Volatile.Read(ref _blocks)[index >> _rowShift];
        int row = index & _rowMask;
        int rowLength = 2 * Dimension;
        while (true)
        {
            int seen = BeginRead(ref block.Sequences[row]);
            block.Table.Slice(row * rowLength, rowLength).CopyTo(destination);
            if (EndRead(ref block.Sequences[row], seen))
            {
                return;
            }
        }
    }

    public override void Apply(int index, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double reward, double forgetting)
    {
        DenseRowBlock block = _blocks[index >> _rowShift];
        int row = index & _rowMask;
        int offset = row * Dimension;
        for (int k = 0; k < indices.Length; k++)
        {
            double x = values[k];
            int at = offset + indices[k];
            CheckRepresentable((block.SumSquares[at] * forgetting) + (x * x), (block.SumRewards[at] * forgetting) + (x * reward));
        }

        BeginRowWrite(block, row);
        if (forgetting != 1)
        {
            // Forgetting shrinks the excess statistics of every coordinate, never the prior (ALGORITHMS.md 2.5).
            Span<double> sumSquares = block.SumSquares.AsSpan(offset, Dimension);
            Span<double> sumRewards = block.SumRewards.AsSpan(offset, Dimension);
            for (int c = 0; c < Dimension; c++)
            {
                sumSquares[c] *= forgetting;
                sumRewards[c] *= forgetting;
            }
        }

        for (int k = 0; k < indices.Length; k++)
        {
            double x = values[k];
            int at = offset + indices[k];
            block.SumSquares[at] += x * x;
            block.SumRewards[at] += x * reward;
        }

        if (forgetting != 1)
        {
            PublishRow(block, row);
        }
        else
        {
            Span<float> published = block.Table.Slice(row * 2 * Dimension, 2 * Dimension);
            bool moved = false;
            for (int k = 0; k < indices.Length; k++)
            {
                int c = indices[k];
                moved |= values[k] != 0;
                (published[c], published[Dimension + c]) = Publish(block.SumSquares[offset + c], block.SumRewards[offset + c]);
            }

            // Zero values add nothing: a row at the prior stays there. Statistics only grow here, so a trained row stays trained.
            if (moved)
            {
                MarkTrained(block, row, trained: true);
            }

            PublishEstimates(block, row);
        }

        EndRowWrite(block, row);
    }

    public override int CoordinateCount(int index)
    {
        DenseRowBlock block = _blocks[index >> _rowShift];
        int offset = (index & _rowMask) * Dimension;
        int count = 0;
        for (int c = 0; c < Dimension; c++)
        {
            if (block.SumSquares[offset + c] != 0 || block.SumRewards[offset + c] != 0)
            {
                count++;
            }
        }

        return count;
    }

    public override int CopyCoordinates(int index, Span<int> indices, Span<double> sumSquares, Span<double> sumRewards)
    {
        DenseRowBlock block = _blocks[index >> _rowShift];
        int offset = (index & _rowMask) * Dimension;
        int count = 0;
        for (int c = 0; c < Dimension; c++)
        {
            double squares = block.SumSquares[offset + c];
            double rewards = block.SumRewards[offset + c];
            if (squares != 0 || rewards != 0)
            {
                indices[count] = c;
                sumSquares[count] = squares;
                sumRewards[count] = rewards;
                count++;
            }
        }

        return count;
    }

    public override void LoadRow(int index, ReadOnlySpan<int> indices, ReadOnlySpan<double> sumSquares, ReadOnlySpan<double> sumRewards)
    {
        DenseRowBlock block = _blocks[index >> _rowShift];
        int row = index & _rowMask;
        int offset = row * Dimension;
        BeginRowWrite(block, row);
        for (int k = 0; k < indices.Length; k++)
        {
            block.SumSquares[offset + indices[k]] = sumSquares[k];
            block.SumRewards[offset + indices[k]] = sumRewards[k];
        }

        PublishRow(block, row);
        EndRowWrite(block, row);
    }

    protected override void RepublishAll()
    {
        _prior = PriorRow();
        foreach (DenseRowBlock? block in _blocks)
        {
            if (block is null)
            {
                continue;
            }

            // The block stays odd until every row and its prior are republished: a batch read in between would pair
            // untrained rows of one ridge with the prior of the other.
            BeginWrite(ref block.Version);
            for (int row = 0; row <= _rowMask; row++)
            {
                BeginWrite(ref block.Sequences[row]);
                PublishRow(block, row);
                EndWrite(ref block.Sequences[row]);
            }

            block.Prior = _prior;
            EndWrite(ref block.Version);
        }
    }

    /// <summary>The published row of an item with no statistics: what <see cref="PublishRow"/> writes for all-zero sums.</summary>
    private float[] PriorRow()
    {
        var row = new float[2 * Dimension];
        (float theta, float inverse) = Publish(0, 0);
        row.AsSpan(0, Dimension).Fill(theta);
        row.AsSpan(Dimension).Fill(inverse);
        return row;
    }

    /// <summary>
    /// The rows of <paramref name="blockNumber"/> listed from <paramref name="position"/> on, at most
    /// <see cref="Batch"/>: a slice of <see cref="ConsecutiveRows"/> when the items are consecutive (every
    /// active item of a catalog without gaps, the common whole-catalog rank; <paramref name="consecutive"/>
    /// says so, and a dense context is then scored without the list), else copied into <paramref name="scratch"/>.
    /// </summary>
    /// <remarks>
    /// Copying the rows one by one cost about a quarter as much as scoring them at 10k × d32 (a server
    /// profile under load); comparing them with the expected run is a few vector compares per batch.
    /// </remarks>
    private ReadOnlySpan<int> BatchRows(ReadOnlySpan<int> items, int position, int blockNumber, Span<int> scratch, out bool consecutive)
    {
        int first = items[position];
        int firstRow = first & _rowMask;
        int run = Math.Min(Math.Min(items.Length - position, Batch), _rowMask + 1 - firstRow);
        consecutive = items[position + run - 1] == first + run - 1 && AreConsecutive(items.Slice(position, run));
        if (consecutive)
        {
            return ConsecutiveRows.AsSpan(firstRow, run);
        }

        return scratch[..CollectRows(items, position, blockNumber, scratch)];
    }

    /// <summary>Whether <c>items[k] == items[0] + k</c> for every k.</summary>
    private static bool AreConsecutive(ReadOnlySpan<int> items)
    {
        int first = items[0];
        int k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref int start = ref MemoryMarshal.GetReference(items);
            Vector256<int> expected = Vector256.Create(first) + Vector256<int>.Indices;
            Vector256<int> step = Vector256.Create(Vector256<int>.Count);
            for (; k <= items.Length - Vector256<int>.Count; k += Vector256<int>.Count)
            {
                if (Vector256.LoadUnsafe(ref start, (nuint)k) != expected)
                {
                    return false;
                }

                expected += step;
            }
        }

        for (; k < items.Length; k++)
        {
            if (items[k] != first + k)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The rows listed from <paramref name="position"/> on, at most <see cref="Batch"/>.</summary>
    private int CollectRows(ReadOnlySpan<int> items, int position, int blockNumber, Span<int> rows)
    {
        int count = 0;
        while (position + count < items.Length && count < Batch && items[position + count] >> _rowShift == blockNumber)
        {
            rows[count] = items[position + count] & _rowMask;
            count++;
        }

        return count;
    }

    /// <summary>
    /// Scores consecutive rows, reading only the trained ones: every run of at least <see cref="MinPriorRun"/>
    /// untrained rows gets the prior's scores, computed once per <see cref="Score"/> call by the same backend from
    /// a row equal to theirs bit for bit, so the results are the bits the kernel would give for each of them.
    /// </summary>
    /// <remarks>
    /// Most of a large catalog has never been shown or rewarded (new items, the long tail): a whole-catalog rank
    /// of such a catalog read 256 bytes per item (d = 32) from memory only to compute the same two numbers again.
    /// Called inside the block's read sequence, so the bits and the rows agree.
    /// </remarks>
    private static void ScoreConsecutive(DenseRowBlock block, int firstRow, int count, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances, ref PriorScore prior)
    {
        ReadOnlySpan<ulong> trained = block.Trained;
        int end = firstRow + count;
        int row = firstRow;
        while (row < end)
        {
            int skipFrom = NextPriorRun(trained, row, end, out int skipTo);
            if (skipFrom > row)
            {
                backend.ScoreDenseConsecutive(block.Table, context.Dimension, row, skipFrom - row, context.Dense, context.DenseSquared, means[(row - firstRow)..(skipFrom - firstRow)], variances[(row - firstRow)..(skipFrom - firstRow)]);
            }

            if (skipTo > skipFrom)
            {
                prior.Resolve(block.Prior, context, backend);
                means[(skipFrom - firstRow)..(skipTo - firstRow)].Fill(prior.Mean);
                variances[(skipFrom - firstRow)..(skipTo - firstRow)].Fill(prior.Variance);
            }

            row = skipTo;
        }
    }

    /// <summary>
    /// The first run of at least <see cref="MinPriorRun"/> untrained rows in <c>[from, end)</c>: its start, and its end
    /// in <paramref name="runEnd"/>; both <paramref name="end"/> when there is none.
    /// </summary>
    internal static int NextPriorRun(ReadOnlySpan<ulong> trained, int from, int end, out int runEnd)
    {
        int row = from;
        while (row < end)
        {
            int start = RunEnd(trained, row, end, set: true);
            int stop = RunEnd(trained, start, end, set: false);
            if (stop - start >= MinPriorRun)
            {
                runEnd = stop;
                return start;
            }

            row = stop;
        }

        runEnd = end;
        return end;
    }

    /// <summary>The first row at or after <paramref name="row"/> (before <paramref name="end"/>) whose bit is not <paramref name="set"/>, else <paramref name="end"/>.</summary>
    private static int RunEnd(ReadOnlySpan<ulong> bits, int row, int end, bool set)
    {
        while (row < end)
        {
            ulong word = bits[row >> 6];
            int shift = row & 63;

            // Ones where a row's bit differs from `set`, from `row` on (the rows below it shifted out).
            ulong different = (set ? ~word : word) >> shift;
            int left = 64 - shift;
            int same = different == 0 ? left : BitOperations.TrailingZeroCount(different);
            if (same < left)
            {
                return Math.Min(row + same, end);
            }

            row += left;
        }

        return end;
    }

    /// <summary>Writer side: the block's sequence, then the row's, become odd.</summary>
    private static void BeginRowWrite(DenseRowBlock block, int row)
    {
        BeginWrite(ref block.Version);
        BeginWrite(ref block.Sequences[row]);
    }

    /// <summary>Writer side: the row's sequence, then the block's, become even again.</summary>
    private static void EndRowWrite(DenseRowBlock block, int row)
    {
        EndWrite(ref block.Sequences[row]);
        EndWrite(ref block.Version);
    }

    private static void ScoreRows(DenseRowBlock block, ReadOnlySpan<int> rows, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances)
    {
        if (context.UseDense)
        {
            backend.ScoreDense(block.Table, context.Dimension, rows, context.Dense, context.DenseSquared, means, variances);
        }
        else
        {
            backend.ScoreSparse(block.Table, context.Dimension, rows, context.Indices, context.Values, context.ValuesSquared, means, variances);
        }
    }

    private static void RescoreRow(DenseRowBlock block, ReadOnlySpan<int> row, in ScoringContext context, IScoringBackend backend, Span<float> mean, Span<float> variance)
    {
        while (true)
        {
            int seen = BeginRead(ref block.Sequences[row[0]]);
            ScoreRows(block, row, context, backend, mean, variance);
            if (EndRead(ref block.Sequences[row[0]], seen))
            {
                return;
            }
        }
    }

    private static void ScoreRowsForAll(DenseRowBlock block, int dimension, ReadOnlySpan<int> rows, bool consecutive, ReadOnlySpan<float> contexts, ReadOnlySpan<float> contextsSquared, int contextCount, Span<float> means, Span<float> variances, int stride, int at)
    {
        Span<float> table = block.Table;
        for (int b = 0; b < contextCount; b++)
        {
            ReadOnlySpan<float> context = contexts.Slice(b * dimension, dimension);
            ReadOnlySpan<float> contextSquared = contextsSquared.Slice(b * dimension, dimension);
            Span<float> contextMeans = means.Slice((b * stride) + at, rows.Length);
            Span<float> contextVariances = variances.Slice((b * stride) + at, rows.Length);
            if (consecutive)
            {
                CpuSimdScoringBackend.Instance.ScoreDenseConsecutive(table, dimension, rows[0], rows.Length, context, contextSquared, contextMeans, contextVariances);
            }
            else
            {
                CpuSimdScoringBackend.Instance.ScoreDense(table, dimension, rows, context, contextSquared, contextMeans, contextVariances);
            }
        }
    }

    private void PublishRow(DenseRowBlock block, int row)
    {
        int offset = row * Dimension;
        Span<float> published = block.Table.Slice(row * 2 * Dimension, 2 * Dimension);
        for (int c = 0; c < Dimension; c++)
        {
            (published[c], published[Dimension + c]) = Publish(block.SumSquares[offset + c], block.SumRewards[offset + c]);
        }

        // Compared as bits, not as sums: an imported −0 or a sum too small to move the float is at the prior or not by what is published.
        MarkTrained(block, row, !MemoryMarshal.Cast<float, int>(published).SequenceEqual(MemoryMarshal.Cast<float, int>(_prior.AsSpan())));
        PublishEstimates(block, row);
    }

    /// <summary>
    /// Writer side, inside the row's sequence: the row's 8-bit θ and its step, and its largest 1/d, from its published
    /// floats, for <see cref="ScorePruned"/>.
    /// </summary>
    private void PublishEstimates(DenseRowBlock block, int row)
    {
        if (!_estimates)
        {
            return;
        }

        ReadOnlySpan<float> published = block.Table.Slice(row * 2 * Dimension, 2 * Dimension);
        ReadOnlySpan<float> theta = published[..Dimension];
        const int Group = DenseRowBlock.GroupRows;
        int first = ((row / Group) * Dimension * Group) + (row % Group);
        Span<sbyte> estimates = block.ThetaEstimates;

        block.MaxInverses[row] = TensorPrimitives.Max(published[Dimension..]);
        float largest = Math.Abs(TensorPrimitives.MaxMagnitude(theta));
        if (largest == 0)
        {
            for (int c = 0; c < Dimension; c++)
            {
                estimates[first + (c * Group)] = 0;
            }

            block.ThetaScales[row] = 0;
            return;
        }

        // A step of at least the largest |θ| / 127 keeps every multiple in [−127, 127]; rounded to the nearest, each
        // coordinate lies within half a step of its estimate (UcbPruning.EstimateError). Above 0 even where θ is tiny.
        double step = largest / 127.0;
        float scale = (float)step;
        if (scale < step)
        {
            scale = MathF.BitIncrement(scale);
        }

        for (int c = 0; c < Dimension; c++)
        {
            estimates[first + (c * Group)] = (sbyte)Math.Clamp(Math.Round(theta[c] / (double)scale), -127, 127);
        }

        block.ThetaScales[row] = scale;
    }

    /// <summary>Writer side, inside the row's sequence: sets or clears the row's bit in <see cref="DenseRowBlock.Trained"/>.</summary>
    private static void MarkTrained(DenseRowBlock block, int row, bool trained)
    {
        ulong bit = 1UL << (row & 63);
        ref ulong word = ref block.Trained[row >> 6];
        word = trained ? word | bit : word & ~bit;
    }

    /// <summary>The rows of a batch that a pruned scan reads in full: their positions in the batch, rows, and kernel results.</summary>
    private ref struct ReachedRows(Span<int> positions, Span<int> rows, Span<float> means, Span<float> variances)
    {
        public readonly Span<int> Positions = positions;

        public readonly Span<int> Rows = rows;

        public readonly Span<float> Means = means;

        public readonly Span<float> Variances = variances;

        public int Count;

        public void Add(int position, int row)
        {
            Positions[Count] = position;
            Rows[Count++] = row;
        }
    }

    /// <summary>The prior's mean and variance for one context, computed on first use within a <see cref="Score"/> call.</summary>
    private struct PriorScore
    {
        private float[]? _row;

        public float Mean;

        public float Variance;

        /// <summary>Scores <paramref name="row"/> unless it is the row already scored (blocks share one prior row per ridge).</summary>
        public void Resolve(float[] row, in ScoringContext context, IScoringBackend backend)
        {
            if (ReferenceEquals(row, _row))
            {
                return;
            }

            Span<float> mean = stackalloc float[1];
            Span<float> variance = stackalloc float[1];
            backend.ScoreDenseConsecutive(row, context.Dimension, 0, 1, context.Dense, context.DenseSquared, mean, variance);
            (Mean, Variance, _row) = (mean[0], variance[0], row);
        }
    }
}
