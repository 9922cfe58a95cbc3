using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Statistics;

/// <summary>
/// The Diag-LinUCB sufficient statistics of every item (ALGORITHMS.md 2.3): per item and coordinate
/// the excess precision <c>S2 = Σ x²</c> and <c>B = Σ x·r</c> in float64, so that
/// <c>d = ridge + S2</c> and <c>θ = B / d</c>, plus a float32 published copy of <c>(θ, 1/d)</c>
/// that scoring reads.
/// </summary>
/// <remarks>
/// Writer methods are called by one thread at a time (<see cref="SurfaceModel"/> serialises them).
/// <see cref="Score"/> runs on any number of threads concurrently with the writer and never
/// returns a half-written row: every row carries a sequence number that is odd while the writer
/// changes the row; readers re-score a row whose number was odd or moved while they read it.
/// </remarks>
internal abstract class StatisticsStore
{
    protected StatisticsStore(int dimension, double ridge)
    {
        Dimension = dimension;
        Ridge = ridge;
    }

    public int Dimension { get; }

    /// <summary>The prior precision the published copy was computed with.</summary>
    public double Ridge { get; private set; }

    /// <summary>True when scoring can use the dense kernel (the context is densified for it).</summary>
    public abstract bool SupportsDenseContext { get; }

    /// <summary>Writer only. Creates row <paramref name="index"/> (the next one) at the prior.</summary>
    public abstract void AddRow(int index);

    /// <summary>Computes <c>Σ x θ</c> and <c>Σ x²/d</c> for ascending item indices.</summary>
    public abstract void Score(ReadOnlySpan<int> items, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances);

    /// <summary>
    /// Computes the same, except that a store may give rows that <paramref name="pruning"/> shows cannot be among the best
    /// the mean <see cref="UcbPruning.Pruned"/> instead of reading them whole; this one reads every row.
    /// </summary>
    public virtual void ScorePruned(ReadOnlySpan<int> items, in ScoringContext context, IScoringBackend backend, Span<float> means, Span<float> variances, ref UcbPruning pruning)
        => Score(items, context, backend, means, variances);

    /// <summary>
    /// Writer only. Applies one example: first the excess statistics of the whole item are multiplied
    /// by <paramref name="forgetting"/>, then <c>S2 += x²</c>, <c>B += x·r</c> on the non-zero coordinates.
    /// Validates every new value first and throws <see cref="BanditArgumentException"/> (field
    /// <c>reward</c>) without changing anything when one would not be finite.
    /// </summary>
    public abstract void Apply(int index, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double reward, double forgetting);

    /// <summary>Writer only (or on a model not yet shared). The coordinates of an item that left the prior, ascending.</summary>
    public ItemCoordinates ReadCoordinates(int index)
    {
        int count = CoordinateCount(index);
        var coordinates = new ItemCoordinates(new int[count], new double[count], new double[count]);
        CopyCoordinates(index, coordinates.Indices, coordinates.SumSquares, coordinates.SumRewards);
        return coordinates;
    }

    /// <summary>Writer only. How many coordinates <see cref="ReadCoordinates"/> would give.</summary>
    public abstract int CoordinateCount(int index);

    /// <summary>
    /// Writer only. What <see cref="ReadCoordinates"/> gives, into spans at least <see cref="CoordinateCount"/> long
    /// (a checkpoint writes every row, without three arrays per row); returns the count.
    /// </summary>
    public abstract int CopyCoordinates(int index, Span<int> indices, Span<double> sumSquares, Span<double> sumRewards);

    /// <summary>Writer only. Replaces a freshly added row's statistics (import).</summary>
    public abstract void LoadRow(int index, ReadOnlySpan<int> indices, ReadOnlySpan<double> sumSquares, ReadOnlySpan<double> sumRewards);

    /// <summary>Writer only. Changes the prior precision and republishes every row.</summary>
    public void ChangeRidge(double ridge)
    {
        if (ridge == Ridge)
        {
            return;
        }

        Ridge = ridge;
        RepublishAll();
    }

    protected abstract void RepublishAll();

    /// <summary>θ and 1/d as published (float32) for one coordinate's statistics.</summary>
    protected (float Theta, float Inverse) Publish(double sumSquares, double sumRewards)
    {
        double precision = Ridge + sumSquares;
        return ((float)(sumRewards / precision), (float)(1 / precision));
    }

    /// <summary>Throws (field <c>reward</c>) when the statistics after an update would not be representable.</summary>
    protected void CheckRepresentable(double sumSquares, double sumRewards)
    {
        if (!double.IsFinite(sumSquares) || !double.IsFinite(sumRewards) || !float.IsFinite((float)(sumRewards / (Ridge + sumSquares))))
        {
            ThrowHelper.Argument("reward", "the update would make the model's statistics non-finite (reward or features too large).");
        }
    }

    /// <summary>Reader side of the per-row sequence lock: waits while the writer is inside the row.</summary>
    protected static int BeginRead(ref int sequence)
    {
        var spinner = default(SpinWait);
        while (true)
        {
            int seen = Volatile.Read(ref sequence);
            if ((seen & 1) == 0)
            {
                return seen;
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>Reader side: true when the row did not change since <paramref name="seen"/>.</summary>
    protected static bool EndRead(ref int sequence, int seen)
    {
        // Orders the row's loads before the second sequence load (a plain acquire does not).
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref sequence) == seen;
    }

    /// <summary>Writer side: the row becomes odd; the full fence keeps the row's stores after it.</summary>
    protected static void BeginWrite(ref int sequence) => Interlocked.Increment(ref sequence);

    /// <summary>Writer side: the row becomes even again; the release store keeps the row's stores before it.</summary>
    protected static void EndWrite(ref int sequence) => Volatile.Write(ref sequence, sequence + 1);
}
