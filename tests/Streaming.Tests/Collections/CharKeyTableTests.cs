using BanditServe.Streaming.Collections;

namespace BanditServe.Streaming.Tests.Collections;

public sealed class CharKeyTableTests
{
    [Fact]
    public void Random_adds_updates_and_removes_match_a_dictionary()
    {
        var table = new CharKeyTable<long>();
        var model = new Dictionary<string, (int Slot, long Value)>(StringComparer.Ordinal);
        var keys = new List<string>();
        var random = new Random(5);
        for (int step = 0; step < 50_000; step++)
        {
            int action = random.Next(10);
            if (action < 5 || keys.Count == 0)
            {
                // Keys of every length a client may send, some sharing long prefixes.
                string key = random.Next(2) == 0 ? $"k{step}" : $"{new string('p', random.Next(0, 120))}{step}";
                Assert.Equal(-1, table.Find(key));
                long value = random.NextInt64();
                model[key] = (table.Add(key, value), value);
                keys.Add(key);
                continue;
            }

            int index = random.Next(keys.Count);
            string existing = keys[index];
            var (slot, expected) = model[existing];
            Assert.Equal(slot, table.Find(new string(existing.AsSpan())));
            Assert.Equal(expected, table.Value(slot));
            if (action < 8)
            {
                table.Value(slot) = expected + 1;
                model[existing] = (slot, expected + 1);
            }
            else
            {
                int generation = table.Generation(slot);
                table.Remove(slot);
                Assert.False(table.IsInUse(slot));
                Assert.Equal(generation + 1, table.Generation(slot));
                Assert.Equal(-1, table.Find(existing));
                model.Remove(existing);
                keys[index] = keys[^1];
                keys.RemoveAt(keys.Count - 1);
            }
        }

        Assert.Equal(model.Count, table.Count);
        Assert.Equal(model.Values.Select(v => v.Slot).Order(), table.Slots());
        foreach (var (key, (slot, value)) in model)
        {
            Assert.Equal(slot, table.Find(key));
            Assert.Equal(key, table.Key(slot).ToString());
            Assert.Equal(value, table.Value(slot));
        }
    }

    [Fact]
    public void A_removed_slot_is_reused_and_an_unused_slot_is_refused()
    {
        var table = new CharKeyTable<int>();
        int a = table.Add("a", 1);
        table.Add("b", 2);
        table.Remove(a);

        Assert.Throws<InvalidOperationException>(() => table.Value(a));
        Assert.Throws<InvalidOperationException>(() => table.Remove(a));
        Assert.Equal(a, table.Add("c", 3));
        Assert.Equal(1, table.Generation(a));
        Assert.Equal(3, table.Value(table.Find("c")));
        Assert.Equal(-1, table.Find("a"));
        Assert.Equal(2, table.Value(table.Find("b")));
        Assert.Equal(2, table.Count);
        Assert.Equal(2 * 2 * sizeof(char) * 2, table.KeyBytes);
    }

    [Fact]
    public void A_slot_holds_its_entry_only_at_the_generation_it_was_added_with()
    {
        var table = new CharKeyTable<int>();
        int a = table.Add("a", 1);
        int generation = table.Generation(a);
        Assert.True(table.Holds(a, generation));

        table.Remove(a);
        Assert.False(table.Holds(a, generation));
        Assert.Equal(a, table.Add("b", 2));
        Assert.False(table.Holds(a, generation));
        Assert.True(table.Holds(a, table.Generation(a)));
        Assert.False(table.Holds(a + 1, 0));
    }
}
