using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BanditServe.Bandits.Exploration;

/// <summary>
/// The ranking order of candidates (by position in the candidate list): score descending, then item
/// id ascending (ordinal), so ties break the same way on every replica (ALGORITHMS.md 0.4).
/// A NaN score ranks last.
/// </summary>
internal readonly ref struct CandidateOrder
{
    /// <summary>Candidates compared one by one after each vector skip: one 512-bit vector of scores.</summary>
    private const int ScalarRun = 16;

    /// <summary>Tied candidates whose id keys are compared with the bar's at once (sixteen 128-bit keys, four 512-bit vectors).</summary>
    private const int TieRun = 16;

    private readonly ReadOnlySpan<float> _scores;
    private readonly ReadOnlySpan<int> _items;
    private readonly ItemCatalog _catalog;

    public CandidateOrder(ReadOnlySpan<float> scores, ReadOnlySpan<int> items, ItemCatalog catalog)
    {
        _scores = scores;
        _items = items;
        _catalog = catalog;
    }

    /// <summary>Whether <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
    /// <remarks>
    /// Scores first, the id keys only on a tie: the keys of the items in a top list are scattered over the catalog, and
    /// reading them for every comparison of a heap sift cost cache misses on every rank of a catalog with feedback.
    /// </remarks>
    public bool Outranks(int a, int b)
    {
        float scoreA = Key(_scores[a]);
        float scoreB = Key(_scores[b]);
        return scoreA != scoreB ? scoreA > scoreB : Clears(a, BarOf(b));
    }

    /// <summary>The bar a candidate must clear to displace <paramref name="position"/> from a top list.</summary>
    public Bar BarOf(int position) => new(Key(_scores[position]), _catalog.IdOrderKeyAt(_items[position]), position);

    /// <summary>Same as <c>Outranks(position, bar.Position)</c>, with the bar's score and id key already loaded.</summary>
    public bool Clears(int position, in Bar bar)
    {
        float score = Key(_scores[position]);
        if (score != bar.Score)
        {
            return score > bar.Score;
        }

        if (position == bar.Position)
        {
            return false;
        }

        int item = _items[position];
        UInt128 key = _catalog.IdOrderKeyAt(item);
        return key != bar.IdKey
            ? key < bar.IdKey
            : string.CompareOrdinal(_catalog.IdAt(item), _catalog.IdAt(_items[bar.Position])) < 0;
    }

    /// <summary>
    /// The first position in [<paramref name="position"/>, <paramref name="end"/>) that clears
    /// <paramref name="bar"/> (as <see cref="Clears"/> decides), or <paramref name="end"/> when none does.
    /// </summary>
    /// <remarks>
    /// Scores below the bar are skipped a vector at a time (<see cref="SkipBelow"/>). Ties are the common case
    /// for a catalog without feedback (every item scores the prior), and each needs its id key: runs of
    /// consecutive tied items are decided sixteen keys at a time (<see cref="TiedRunLoses"/>); the rest one by one.
    /// </remarks>
    public int FirstClearing(int position, int end, in Bar bar)
    {
        ReadOnlySpan<UInt128> keys = default;
        int keysStart = 0;
        while (position < end)
        {
            position = SkipBelow(position, end, bar.Score);
            if (end - position >= TieRun && TiedRunLoses(position, bar, ref keys, ref keysStart))
            {
                position += TieRun;
                continue;
            }

            for (int stop = Math.Min(end, position + ScalarRun); position < stop; position++)
            {
                if (Clears(position, bar))
                {
                    return position;
                }
            }
        }

        return end;
    }

    /// <summary>
    /// True when none of the <see cref="TieRun"/> candidates from <paramref name="position"/> can clear
    /// <paramref name="bar"/>: none scores above it and each that ties it has a larger id key. False when that
    /// is not certain (a higher score, an equal key, items that are not consecutive, no AVX-512): the caller
    /// then compares them one by one.
    /// </summary>
    /// <remarks>
    /// Consecutive items have their 128-bit keys side by side in one catalog block, so the keys are compared
    /// with the bar's four at a time in 512-bit compares: below means high half below, or high halves equal and low half below.
    /// </remarks>
    private bool TiedRunLoses(int position, in Bar bar, ref ReadOnlySpan<UInt128> keys, ref int keysStart)
    {
        if (!Vector512.IsHardwareAccelerated || float.IsNegativeInfinity(bar.Score))
        {
            return false;
        }

        Vector512<float> scores = Vector512.Create(_scores.Slice(position, TieRun));
        Vector512<float> barScore = Vector512.Create(bar.Score);
        if (Vector512.GreaterThanAny(scores, barScore))
        {
            return false;
        }

        ulong tied = Vector512.Equals(scores, barScore).ExtractMostSignificantBits();
        if (tied == 0)
        {
            return true;
        }

        ReadOnlySpan<int> items = _items.Slice(position, TieRun);
        int first = items[0];
        if (Vector512.Create(items) != Vector512.Create(first) + Vector512<int>.Indices)
        {
            return false;
        }

        if (first < keysStart || first - keysStart > keys.Length - TieRun)
        {
            keys = _catalog.IdOrderKeyBlock(first, out keysStart);
            if (first - keysStart > keys.Length - TieRun)
            {
                return false;
            }
        }

        // Little-endian UInt128: the low half first, so even lanes hold low halves and odd lanes high halves.
        ReadOnlySpan<ulong> halves = MemoryMarshal.Cast<UInt128, ulong>(keys.Slice(first - keysStart, TieRun));
        ulong low = (ulong)bar.IdKey;
        ulong high = (ulong)(bar.IdKey >> 64);
        Vector512<ulong> barHalves = Vector512.Create(low, high, low, high, low, high, low, high);
        ulong below = 0;
        ulong equal = 0;
        for (int v = 0; v < TieRun / 4; v++)
        {
            Vector512<ulong> four = Vector512.Create(halves.Slice(8 * v, 8));
            below |= Vector512.LessThan(four, barHalves).ExtractMostSignificantBits() << (8 * v);
            equal |= Vector512.Equals(four, barHalves).ExtractMostSignificantBits() << (8 * v);
        }

        // At bit 2j: key j is below the bar's (high below, or high equal and low below) or equal to it.
        ulong notAbove = (below >> 1) | ((equal >> 1) & (below | equal));
        return (notAbove & SpreadToEvenBits(tied)) == 0;
    }

    /// <summary>Bit j of <paramref name="bits"/> (16 bits) moved to bit 2j.</summary>
    private static ulong SpreadToEvenBits(ulong bits)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitDeposit(bits, 0x5555_5555);
        }

        ulong spread = 0;
        for (int j = 0; j < TieRun; j++)
        {
            spread |= ((bits >> j) & 1) << (2 * j);
        }

        return spread;
    }

    /// <summary>
    /// The first position at or after <paramref name="position"/> (before <paramref name="end"/>) that may
    /// clear a bar scoring <paramref name="barScore"/>: whole vectors of scores below it are skipped, since a
    /// lower score (or NaN, which ranks as −∞) never clears the bar whatever its id.
    /// </summary>
    /// <remarks>
    /// Once a top list is full nearly every candidate loses to its weakest member; comparing 16 scores per
    /// instruction instead of one per branch made the selection of 10 from 10,000 the second-largest cost of a
    /// rank after scoring itself. A bar of −∞ skips nothing: a NaN or −∞ score ties it and the id decides.
    /// </remarks>
    public int SkipBelow(int position, int end, float barScore)
    {
        if ((uint)end > (uint)_scores.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(end));
        }

        if (float.IsNegativeInfinity(barScore) || position < 0)
        {
            return position;
        }

        ref float scores = ref MemoryMarshal.GetReference(_scores);
        if (Vector512.IsHardwareAccelerated)
        {
            var bar = Vector512.Create(barScore);
            while (end - position >= Vector512<float>.Count
                && !Vector512.GreaterThanOrEqualAny(Vector512.LoadUnsafe(ref scores, (nuint)position), bar))
            {
                position += Vector512<float>.Count;
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var bar = Vector256.Create(barScore);
            while (end - position >= Vector256<float>.Count
                && !Vector256.GreaterThanOrEqualAny(Vector256.LoadUnsafe(ref scores, (nuint)position), bar))
            {
                position += Vector256<float>.Count;
            }
        }

        return position;
    }

    private static float Key(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;

    /// <summary>A top list's weakest member as <see cref="Clears"/> compares against it.</summary>
    public readonly record struct Bar(float Score, UInt128 IdKey, int Position);
}
