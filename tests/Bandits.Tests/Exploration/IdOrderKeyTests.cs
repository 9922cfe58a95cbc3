namespace BanditServe.Bandits.Tests.Exploration;

/// <summary>The tie-break key must never order two ids differently from <see cref="string.CompareOrdinal(string, string)"/>.</summary>
public sealed class IdOrderKeyTests
{
    private static readonly string[] Tricky =
    [
        "", "a", "a\0", "a\0b", "ab", "item-00001", "item-00002", "item-000010", "item-0000100000000001",
        "item-0000100000000002", "a\u00FF", "a\u00FFz", "a\u0100", "a\u0100a", "a\u0200", "\u0100", "\uFFFF",
        "a\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF\u00FF",
        "0123456789abcdef", "0123456789abcdef0", "0123456789abcdeg", "Z", "_", "~",
    ];

    [Fact]
    public void A_smaller_key_always_means_a_smaller_id_on_tricky_pairs()
    {
        foreach (string a in Tricky)
        {
            foreach (string b in Tricky)
            {
                AssertConsistent(a, b);
            }
        }
    }

    [Fact]
    public void A_smaller_key_always_means_a_smaller_id_on_random_pairs()
    {
        var random = new Random(7);
        // Small alphabets with shared prefixes so that most pairs share their first bytes.
        char[] alphabet = ['\0', 'a', 'b', '\u00FE', '\u00FF', '\u0100', '\u0101', '\uD800', '\uFFFF'];
        for (int i = 0; i < 200_000; i++)
        {
            string a = RandomId(random, alphabet);
            string b = random.Next(4) == 0 ? a + RandomId(random, alphabet) : RandomId(random, alphabet);
            AssertConsistent(a, b);
        }
    }

    [Fact]
    public void Ids_differing_in_the_first_sixteen_latin1_units_get_different_keys()
    {
        Assert.True(IdOrderKey.Of("item-00001") < IdOrderKey.Of("item-00002"));
        Assert.True(IdOrderKey.Of("item-0000000000a") < IdOrderKey.Of("item-0000000000b"));
        Assert.True(IdOrderKey.Of("a") < IdOrderKey.Of("a\0b"));
    }

    [Fact]
    public void Ranking_ties_among_ids_with_long_shared_prefixes_break_by_ordinal_id()
    {
        string[] ids =
        [
            "item-0000100000000002", "item-0000100000000001", "item-00001", "item-0000100000000001a", "Item-1", "item-000010",
            "item-000010000000", "item-00001000000", "a", "A", "0", "item.00001", "item:00001", "item_0000100000000001",
        ];
        var model = new SurfaceModel(2, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0));
        foreach (string id in ids)
        {
            model.UpsertItem(id);
        }

        IReadOnlyList<RankedItem> ranked = model.Rank(Contexts.Dense(1f, 0f), null, null, ids.Length, 0).Items;

        Assert.Equal(ids.Order(StringComparer.Ordinal), ranked.Select(r => r.ItemId));
    }

    private static void AssertConsistent(string a, string b)
    {
        UInt128 keyA = IdOrderKey.Of(a);
        UInt128 keyB = IdOrderKey.Of(b);
        int ordinal = Math.Sign(string.CompareOrdinal(a, b));
        if (keyA < keyB)
        {
            Assert.True(ordinal < 0, $"key says '{Escape(a)}' < '{Escape(b)}', ordinal says {ordinal}");
        }
        else if (keyA > keyB)
        {
            Assert.True(ordinal > 0, $"key says '{Escape(a)}' > '{Escape(b)}', ordinal says {ordinal}");
        }
    }

    private static string RandomId(Random random, char[] alphabet)
    {
        var chars = new char[random.Next(0, 20)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
