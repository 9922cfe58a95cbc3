using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using BanditServe.Bandits.Exploration;
using BanditServe.Bandits.Scoring;
using BanditServe.Bandits.Statistics;

namespace BanditServe.Bandits;

public sealed partial class SurfaceModel
{
    /// <summary>Scoring work (candidates × coordinates visited) above which candidates are scored in parallel chunks.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>The fewest candidates a parallel chunk gets.</summary>
    private const int MinChunkCandidates = 2048;

    /// <summary>The most slots for which a ranking prunes rows that cannot be placed (its bar lives on the stack).</summary>
    private const int MaxPrunedKeep = 256;

    /// <summary>Rows 0, 1, 2, … for rankings over a whole catalog (<see cref="AllRows"/>); grown, never changed.</summary>
    private static int[] s_allRows = [];

    /// <summary>Rankings of every model in this process that are scoring right now.</summary>
    private static int _rankingsScoring;

    /// <summary>
    /// Whether a ranking may leave rows that cannot be placed unread (<see cref="UcbPruning"/>); on by default, the
    /// placements and their scores are the same either way. Off only to compare the two in tests and benchmarks.
    /// </summary>
    internal bool PrunesScoring { get; set; } = true;

    /// <summary>
    /// Prunes whatever the table's size, where the machine can (<c>DenseStatisticsStore.PruningMinimumCoordinates</c>
    /// 0), so that tests of small catalogs run the pruned scan with AVX2 alone too.
    /// </summary>
    internal void PruneEveryTableSize()
    {
        if (_statistics is DenseStatisticsStore dense)
        {
            dense.PruningMinimumCoordinates = 0;
        }
    }

    /// <summary>Ranks candidates for a context and places up to <paramref name="slots"/> of them.</summary>
    /// <param name="context">The context; its dimension must equal <see cref="Dimension"/>.</param>
    /// <param name="candidates">The candidates; null for all active items. Unknown or inactive ones are reported in <see cref="RankOutcome.UnknownCandidates"/>; duplicates count once.</param>
    /// <param name="exclude">Items never to place (unknown ids are ignored).</param>
    /// <param name="slots">How many items to place, ≥ 1; clamped to the number of candidates.</param>
    /// <param name="seed">The exploration seed: the same seed and model give the same ranking.</param>
    /// <returns>The placed items with scores and exact propensities.</returns>
    /// <remarks>
    /// Slot k takes, with probability 1 − ε, the best remaining candidate by UCB (score, then item id
    /// ascending), and with probability ε a uniformly random remaining one; its propensity is
    /// <c>(1 − ε)·[it is that best] + ε/m</c> with m the number of remaining candidates (ALGORITHMS.md 4.2).
    /// Each placed item's impression counter is incremented.
    /// </remarks>
    /// <exception cref="BanditArgumentException">Field <c>features</c>, <c>slots</c> or <c>candidates[i]</c>.</exception>
    public RankOutcome Rank(FeatureVector context, IReadOnlyList<string>? candidates, IReadOnlyCollection<string>? exclude, int slots, ulong seed)
        => Rank(context, candidates, exclude, slots, seed, null);

    /// <summary>Ranks as <see cref="Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong)"/> and records when the items were shown.</summary>
    /// <param name="context">The context; its dimension must equal <see cref="Dimension"/>.</param>
    /// <param name="candidates">The candidates; null for all active items.</param>
    /// <param name="exclude">Items never to place.</param>
    /// <param name="slots">How many items to place, ≥ 1.</param>
    /// <param name="seed">The exploration seed.</param>
    /// <param name="shownAt">The decision time, kept as each placed item's <see cref="ItemState.LastShownAt"/>; null to leave it.</param>
    /// <returns>The placed items with scores and exact propensities.</returns>
    /// <exception cref="BanditArgumentException">Field <c>features</c>, <c>slots</c> or <c>candidates[i]</c>.</exception>
    public RankOutcome Rank(FeatureVector context, IReadOnlyList<string>? candidates, IReadOnlyCollection<string>? exclude, int slots, ulong seed, DateTimeOffset? shownAt)
    {
        if (context.Dimension != Dimension)
        {
            ThrowHelper.Argument("features", $"the context has dimension {context.Dimension}; the surface has {Dimension}.");
        }

        if (slots < 1)
        {
            ThrowHelper.Argument("slots", "slots must be at least 1.");
        }

        DiagLinUcbOptions options = Options;
        long version = Version;
        List<string>? unknown = null;
        int[] items = ResolveCandidates(candidates, exclude, ref unknown, out int count, out bool rented);
        try
        {
            if (count == 0)
            {
                return new RankOutcome([], (IReadOnlyList<string>?)unknown ?? [], version);
            }

            int placed = Math.Min(slots, count);
            float[] means = ArrayPool<float>.Shared.Rent(count);
            float[] variances = ArrayPool<float>.Shared.Rent(count);
            float[] scores = ArrayPool<float>.Shared.Rent(count);
            int[] best = ArrayPool<int>.Shared.Rent(placed);
            ScoringContext scoring = ScoringContext.Create(context, _statistics.SupportsDenseContext);
            try
            {
                ScoreAndSelect(items, count, scoring, (float)options.Alpha, means, variances, scores, best.AsSpan(0, placed));
                var placement = new PlacementScores(means, variances, scores, scoring, (float)options.Alpha);
                RankedItem[] ranked = Place(items, count, [], best.AsSpan(0, placed), placement, options.Epsilon, seed, shownAt);
                return new RankOutcome(ranked, (IReadOnlyList<string>?)unknown ?? [], version);
            }
            finally
            {
                scoring.Release();
                ArrayPool<float>.Shared.Return(means);
                ArrayPool<float>.Shared.Return(variances);
                ArrayPool<float>.Shared.Return(scores);
                ArrayPool<int>.Shared.Return(best);
            }
        }
        finally
        {
            if (rented)
            {
                ArrayPool<int>.Shared.Return(items);
            }
        }
    }

    /// <summary>
    /// Candidate item indices, ascending and unique, active and not excluded: in a rented array, or (<paramref name="rented"/>
    /// false) the shared, read-only <see cref="AllRows"/> when every item of the catalog is a candidate.
    /// </summary>
    private int[] ResolveCandidates(IReadOnlyList<string>? candidates, IReadOnlyCollection<string>? exclude, ref List<string>? unknown, out int count, out bool rented)
    {
        rented = true;
        if (candidates is null && exclude is not { Count: > 0 })
        {
            // A whole catalog with every item active ranks rows 0 to n − 1: copying them (40 KB at 10,000 items) on every
            // ranking was a percent of the server. The counts are read once each; an item added or retired between
            // the reads makes them differ, and the copy below lists what is active.
            int total = _catalog.Count;
            if (total > 0 && _catalog.ActiveCount == total)
            {
                rented = false;
                count = total;
                return AllRows(total);
            }
        }

        int[]? excluded = null;
        int excludedCount = 0;
        try
        {
            if (exclude is { Count: > 0 })
            {
                excluded = ArrayPool<int>.Shared.Rent(exclude.Count);
                foreach (string id in exclude)
                {
                    if (id is not null && _catalog.TryGetIndex(id, out int index))
                    {
                        excluded[excludedCount++] = index;
                    }
                }

                excluded.AsSpan(0, excludedCount).Sort();
            }

            ReadOnlySpan<int> excludedIndices = excluded.AsSpan(0, excludedCount);
            count = 0;
            if (candidates is null)
            {
                int[] all = ArrayPool<int>.Shared.Rent(Math.Max(1, _catalog.Count));
                count = _catalog.CopyActiveIndices(all, excludedIndices);
                return all;
            }

            int[] chosen = ArrayPool<int>.Shared.Rent(Math.Max(1, candidates.Count));
            for (int k = 0; k < candidates.Count; k++)
            {
                string id = candidates[k];
                if (id is null)
                {
                    ArrayPool<int>.Shared.Return(chosen);
                    ThrowHelper.Argument($"candidates[{k}]", $"candidates[{k}] is null.");
                }

                if (_catalog.TryGetIndex(id, out int index) && _catalog.IsActiveAt(index))
                {
                    if (excludedCount == 0 || excludedIndices.BinarySearch(index) < 0)
                    {
                        chosen[count++] = index;
                    }
                }
                else
                {
                    (unknown ??= []).Add(id);
                }
            }

            Span<int> resolved = chosen.AsSpan(0, count);
            resolved.Sort();
            int unique = 0;
            for (int k = 0; k < resolved.Length; k++)
            {
                if (k == 0 || resolved[k] != resolved[k - 1])
                {
                    resolved[unique++] = resolved[k];
                }
            }

            count = unique;
            return chosen;
        }
        finally
        {
            if (excluded is not null)
            {
                ArrayPool<int>.Shared.Return(excluded);
            }
        }
    }

    /// <summary>Rows 0 to at least <paramref name="count"/> − 1, shared by every model and never written after it is published.</summary>
    private static int[] AllRows(int count)
    {
        int[] rows = Volatile.Read(ref s_allRows);
        if (rows.Length >= count)
        {
            return rows;
        }

        rows = [.. Enumerable.Range(0, (int)Math.Min(Array.MaxLength, BitOperations.RoundUpToPowerOf2((uint)count)))];
        Volatile.Write(ref s_allRows, rows);
        return rows;
    }

    /// <summary>Scores every candidate and writes the positions of the best <c>best.Length</c>, best first.</summary>
    private void ScoreAndSelect(int[] items, int count, ScoringContext scoring, float alpha, float[] means, float[] variances, float[] scores, Span<int> best)
    {
        long perCandidate = scoring.UseDense ? Dimension : Math.Max(1, scoring.NonZero);
        int busy = Interlocked.Increment(ref _rankingsScoring);
        try
        {
            // Chunks only pay when cores are idle: when as many rankings as cores are already scoring, or the thread
            // pool has work queued, splitting one adds scheduling work and takes nothing from idle cores (under load
            // it cut throughput).
            int chunks = (long)count * perCandidate >= ParallelWork && Environment.ProcessorCount > 1 && busy < Environment.ProcessorCount
                && ThreadPool.PendingWorkItemCount == 0
                ? Math.Clamp(count / MinChunkCandidates, 1, Environment.ProcessorCount * 2)
                : 1;
            ScoreAndSelectInChunks(items, count, scoring, alpha, means, variances, scores, best, chunks);
        }
        finally
        {
            Interlocked.Decrement(ref _rankingsScoring);
        }
    }

    /// <summary>Scores every candidate in <paramref name="chunks"/> parallel chunks and selects the best; the result does not depend on the chunking.</summary>
    private void ScoreAndSelectInChunks(int[] items, int count, ScoringContext scoring, float alpha, float[] means, float[] variances, float[] scores, Span<int> best, int chunks)
    {
        if (chunks == 1)
        {
            int[] listed = ArrayPool<int>.Shared.Rent(count);
            try
            {
                int kept = ScoreRange(items, 0, count, scoring, alpha, means, variances, scores, best.Length, listed);
                var order = new CandidateOrder(scores.AsSpan(0, count), items.AsSpan(0, count), _catalog);
                _ = kept < 0 ? TopK.SelectRange(order, 0, count, best) : TopK.SelectFrom(order, listed.AsSpan(0, kept), best);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(listed);
            }

            return;
        }

        ScoreAndSelectInParallel(items, count, scoring, alpha, means, variances, scores, best, chunks);
    }

    /// <summary>The parallel part of <see cref="ScoreAndSelectInChunks"/>, apart so that a ranking in one chunk does not allocate the lambda's closure.</summary>
    private void ScoreAndSelectInParallel(int[] items, int count, ScoringContext scoring, float alpha, float[] means, float[] variances, float[] scores, Span<int> best, int chunks)
    {
        int k = best.Length;
        int[] winners = ArrayPool<int>.Shared.Rent(chunks * k);
        int[] listed = ArrayPool<int>.Shared.Rent(count);
        int[] winnerCounts = new int[chunks];
        try
        {
            Parallel.For(0, chunks, chunk =>
            {
                int start = (int)((long)count * chunk / chunks);
                int end = (int)((long)count * (chunk + 1) / chunks);
                Span<int> chunkListed = listed.AsSpan(start, end - start);
                int kept = ScoreRange(items, start, end, scoring, alpha, means, variances, scores, k, chunkListed);
                var order = new CandidateOrder(scores.AsSpan(0, count), items.AsSpan(0, count), _catalog);
                Span<int> chunkWinners = winners.AsSpan(chunk * k, k);
                winnerCounts[chunk] = kept < 0 ? TopK.SelectRange(order, start, end, chunkWinners) : TopK.SelectFrom(order, chunkListed[..kept], chunkWinners);
            });

            // Compact each chunk's winners, then pick the overall best among them.
            int merged = 0;
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                winners.AsSpan(chunk * k, winnerCounts[chunk]).CopyTo(winners.AsSpan(merged));
                merged += winnerCounts[chunk];
            }

            var finalOrder = new CandidateOrder(scores.AsSpan(0, count), items.AsSpan(0, count), _catalog);
            TopK.SelectFrom(finalOrder, winners.AsSpan(0, merged), best);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(winners);
            ArrayPool<int>.Shared.Return(listed);
        }
    }

    /// <summary>
    /// Scores candidates <c>[start, end)</c> for a selection of the best <paramref name="keep"/>: on the CPU kernel, rows
    /// that provably cannot be among them may be left unread, with a mean of −∞ (<see cref="UcbPruning"/>).
    /// </summary>
    /// <returns>
    /// −1 when every position in the range has its score and may be selected; otherwise how many positions (ascending)
    /// were written to <paramref name="listed"/>: those the scan did not prune, at least <paramref name="keep"/>, and
    /// only they have scores (the best <paramref name="keep"/> of the range are among them).
    /// </returns>
    /// <remarks>
    /// On a trained catalog the scan reads a few hundred of 10,000 rows; scoring and selecting over all of them again
    /// cost about a tenth of the ranking, so only the rows it did not prune are scored and offered.
    /// </remarks>
    private int ScoreRange(int[] items, int start, int end, in ScoringContext scoring, float alpha, float[] means, float[] variances, float[] scores, int keep, Span<int> listed)
    {
        int length = end - start;
        Span<float> rangeMeans = means.AsSpan(start, length);
        Span<float> rangeVariances = variances.AsSpan(start, length);
        Span<float> rangeScores = scores.AsSpan(start, length);
        if (PrunesScoring && keep <= MaxPrunedKeep && (long)keep * 4 <= length && scoring.UseDense && _backend is CpuSimdScoringBackend)
        {
            var pruning = new UcbPruning(stackalloc double[keep], alpha, scoring.Dense, scoring.DenseSquared);
            _statistics.ScorePruned(items.AsSpan(start, length), scoring, _backend, rangeMeans, rangeVariances, ref pruning);

            // The scan counts what it prunes, so a catalog where it pruned little (fresh, mostly untrained) is not scanned
            // again only to find that selecting from the whole range is cheaper.
            int unpruned = length - pruning.PrunedRows;
            if (unpruned >= keep && unpruned <= length / 2)
            {
                int kept = ListUnpruned(rangeMeans, start, listed);
                foreach (int position in listed[..kept])
                {
                    scores[position] = UcbScore(means[position], variances[position], alpha);
                }

                return kept;
            }
        }
        else
        {
            _statistics.Score(items.AsSpan(start, length), scoring, _backend, rangeMeans, rangeVariances);
        }

        // score = mean + alpha·sqrt(max(0, variance)): round-off can make the sum slightly negative (ALGORITHMS.md 0.4).
        TensorPrimitives.Max(rangeVariances, 0f, rangeScores);
        TensorPrimitives.Sqrt(rangeScores, rangeScores);
        TensorPrimitives.MultiplyAdd(rangeScores, alpha, rangeMeans, rangeScores);
        return -1;
    }

    /// <summary>One score with the operations, and so the bits, of the vector passes in <see cref="ScoreRange"/>: max, square root, multiply, add.</summary>
    internal static float UcbScore(float mean, float variance, float alpha) => (MathF.Sqrt(MathF.Max(variance, 0f)) * alpha) + mean;

    /// <summary>Writes <c>offset + k</c> for every k whose mean is not <see cref="UcbPruning.Pruned"/>, ascending; returns how many.</summary>
    internal static int ListUnpruned(ReadOnlySpan<float> means, int offset, Span<int> listed)
    {
        int kept = 0;
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> pruned = Vector512.Create(UcbPruning.Pruned);
            for (; k + Vector512<float>.Count <= means.Length; k += Vector512<float>.Count)
            {
                ulong lanes = (~Vector512.Equals(Vector512.Create(means.Slice(k, Vector512<float>.Count)), pruned)).ExtractMostSignificantBits();
                while (lanes != 0)
                {
                    listed[kept++] = offset + k + BitOperations.TrailingZeroCount(lanes);
                    lanes &= lanes - 1;
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> pruned = Vector256.Create(UcbPruning.Pruned);
            for (; k + Vector256<float>.Count <= means.Length; k += Vector256<float>.Count)
            {
                uint lanes = (~Vector256.Equals(Vector256.Create(means.Slice(k, Vector256<float>.Count)), pruned)).ExtractMostSignificantBits();
                while (lanes != 0)
                {
                    listed[kept++] = offset + k + BitOperations.TrailingZeroCount(lanes);
                    lanes &= lanes - 1;
                }
            }
        }

        for (; k < means.Length; k++)
        {
            if (means[k] != UcbPruning.Pruned)
            {
                listed[kept++] = offset + k;
            }
        }

        return kept;
    }

    /// <summary>
    /// Epsilon-greedy placement over the UCB order with exact per-slot propensities. Positions in
    /// <paramref name="blocked"/> (ascending; excluded items of a shared candidate list) are never placed
    /// and do not count as remaining candidates.
    /// </summary>
    private RankedItem[] Place(int[] items, int count, ReadOnlySpan<int> blocked, ReadOnlySpan<int> best, in PlacementScores placement, double epsilon, ulong seed, DateTimeOffset? shownAt)
    {
        int placed = best.Length;
        int available = count - blocked.Length;
        var ranked = new RankedItem[placed];
        int[] pickedSorted = ArrayPool<int>.Shared.Rent(blocked.Length + placed);
        try
        {
            blocked.CopyTo(pickedSorted);
            var random = new SplitMix64(seed);
            long shownTicks = shownAt?.UtcTicks ?? 0;
            int greedy = 0;
            for (int slot = 0; slot < placed; slot++)
            {
                int taken = blocked.Length + slot;
                Span<int> picked = pickedSorted.AsSpan(0, taken);
                int remaining = available - slot;

                // The best remaining is the first of the top list not yet placed; at most `slot` are.
                while (picked.BinarySearch(best[greedy]) >= 0)
                {
                    greedy++;
                }

                int greedyChoice = best[greedy];
                bool explored = random.NextDouble() < epsilon;
                int chosen = explored ? NthUnpicked(picked, random.NextInt(remaining)) : greedyChoice;
                double propensity = (chosen == greedyChoice ? 1 - epsilon : 0) + (epsilon / remaining);

                int insertAt = ~picked.BinarySearch(chosen);
                pickedSorted.AsSpan(insertAt, taken - insertAt).CopyTo(pickedSorted.AsSpan(insertAt + 1));
                pickedSorted[insertAt] = chosen;

                int item = items[chosen];
                _catalog.RecordImpression(item, shownTicks);
                (float mean, float variance, float score) = placement.At(this, items, chosen);
                ranked[slot] = new RankedItem(
                    _catalog.IdAt(item),
                    slot,
                    score,
                    propensity,
                    explored,
                    mean,
                    Math.Sqrt(Math.Max(0, variance)));
            }

            return ranked;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(pickedSorted);
        }
    }

    /// <summary>One row's mean, variance and score computed alone on the CPU, exactly as <see cref="ScoreRange"/> computes them.</summary>
    internal (float Mean, float Variance, float Score) ScoreOneForPlacement(int item, in ScoringContext scoring, float alpha)
    {
        Span<float> mean = stackalloc float[1];
        Span<float> variance = stackalloc float[1];
        _statistics.Score([item], scoring, _backend, mean, variance);
        return (mean[0], variance[0], UcbScore(mean[0], variance[0], alpha));
    }

    /// <summary>The position of the n-th (0-based) candidate not in <paramref name="pickedSorted"/>.</summary>
    private static int NthUnpicked(ReadOnlySpan<int> pickedSorted, int n)
    {
        int position = n;
        foreach (int picked in pickedSorted)
        {
            if (picked > position)
            {
                break;
            }

            position++;
        }

        return position;
    }
}
