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

    public bool Outranks(int a, int b)
    {
        float scoreA = Key(_scores[a]);
        float scoreB = Key(_scores[b]);
        if (scoreA != scoreB)
        {
            return scoreA > scoreB;
        }

        if (a == b)
        {
            return false;
        }

        int itemA = _items[a];
        int itemB = _items[b];
        UInt128 keyA = _catalog.IdOrderKeyAt(itemA);
        UInt128 keyB = _catalog.IdOrderKeyAt(itemB);
        return keyA != keyB
            ? keyA < keyB
            : string.CompareOrdinal(_catalog.IdAt(itemA), _catalog.IdAt(itemB)) < 0;
    }

    private static float Key(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;
}
