using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BanditServe.Bandits.Exploration;

/// <summary>
/// The ranking order of candidates (by position in the candidate list): score descending, then item
/// id ascending (ordinal), so ties break the same way on every replica (ALGORITHMS.md 0.4).
/// A NaN score ranks last.
/// </summary>
internal readonly ref struct CandidateOrder
{
    private readonly ReadOnlySpan<float> _scores;
    private readonly ReadOnlySpan<int> _items;
    private readonly ItemCatalog _catalog;

    public CandidateOrder(ReadOnlySpan<float> scores, ReadOnlySpan<int> items, ItemCatalog catalog)
    {
        _scores = scores;
        _items = items;
        _catalog = catalog;
    }

    public bool Outranks(int a, int b) => Clears(a, BarOf(b));

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
