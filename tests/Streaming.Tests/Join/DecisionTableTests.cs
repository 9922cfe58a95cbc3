using BanditServe.Streaming.Join;
using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Tests.Join;

public sealed class DecisionTableTests
{
    private sealed record Expected(string Surface, long Deadline, double? DefaultReward, long? Period, string[] Items, bool[] Rewarded, float[]? Dense, SparseFeatureVector? Sparse)
    {
        public DecisionState State { get; set; } = DecisionState.Open;
    }

    [Fact]
    public void Random_adds_closes_rewards_and_removes_match_a_dictionary_of_the_same_decisions()
    {
        var table = new DecisionTable();
        var model = new Dictionary<string, Expected>(StringComparer.Ordinal);
        var random = new Random(11);
        int next = 0;
        for (int step = 0; step < 30_000; step++)
        {
            int action = random.Next(10);
            if (action < 5 || model.Count == 0)
            {
                string eventId = $"ev-{next++}-{new string('x', random.Next(0, 90))}";
                var expected = NewDecision(random);
                int r = table.Add(
                    eventId, expected.Surface, expected.Deadline, expected.DefaultReward, expected.Period,
                    expected.Items.Select((id, slot) => new DecisionItem { ItemId = id, Slot = slot, Score = 0, Propensity = 1 }).ToArray(),
                    expected.Dense, expected.Sparse);
                Assert.Equal(r, table.Find(eventId));
                model.Add(eventId, expected);
                continue;
            }

            var (id, decision) = model.ElementAt(random.Next(model.Count));
            int record = table.Find(new string(id.AsSpan()));
            Assert.True(record >= 0);
            switch (action)
            {
                case 5 or 6:
                    int item = random.Next(decision.Items.Length);
                    int cursor = table.FindItem(record, decision.Items[item]);
                    Assert.True(cursor >= 0);
                    Assert.Equal(decision.Rewarded[item], table.IsRewarded(record, cursor));
                    table.MarkRewarded(record, cursor);
                    decision.Rewarded[item] = true;
                    break;
                case 7:
                    if (decision.State == DecisionState.Open)
                    {
                        table.Close(record);
                        decision.State = DecisionState.Closed;
                    }

                    break;
                default:
                    int generation = table.Generation(record);
                    table.Remove(record);
                    Assert.NotEqual(generation, table.Generation(record));
                    Assert.Equal(DecisionState.Free, table.State(record));
                    Assert.Equal(-1, table.Find(id));
                    model.Remove(id);
                    break;
            }
        }

        Assert.Equal(model.Count, table.Count);
        Assert.Equal(model.Values.Count(d => d.State == DecisionState.Open), table.OpenCount);
        Assert.Equal(model.Count, table.Records().Count());
        foreach (var (id, expected) in model)
        {
            AssertHolds(table, table.Find(id), id, expected);
        }

        Assert.Equal(-1, table.Find("ev-never-added"));
    }

    [Fact]
    public void Removing_every_record_gives_back_every_block()
    {
        var table = new DecisionTable();
        var random = new Random(3);
        var ids = new List<string>();
        for (int i = 0; i < 5_000; i++)
        {
            var expected = NewDecision(random);
            ids.Add($"e{i}");
            table.Add(
                ids[^1], expected.Surface, expected.Deadline, expected.DefaultReward, expected.Period,
                expected.Items.Select((id, slot) => new DecisionItem { ItemId = id, Slot = slot, Score = 0, Propensity = 1 }).ToArray(),
                expected.Dense, expected.Sparse);
        }

        Assert.True(table.BlockBytes > 0);
        foreach (string id in ids)
        {
            table.Remove(table.Find(id));
        }

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.BlockBytes);
        Assert.Empty(table.Records());
    }

    private static Expected NewDecision(Random random)
    {
        var items = Enumerable.Range(0, random.Next(1, 12)).Select(i => $"item-{i}-{random.Next(1000)}").Distinct().ToArray();
        float[]? dense = null;
        SparseFeatureVector? sparse = null;
        switch (random.Next(3))
        {
            case 0:
                dense = [.. Enumerable.Range(0, random.Next(1, 70)).Select(_ => (float)random.NextDouble())];
                break;
            case 1:
                int count = random.Next(0, 20);
                sparse = new SparseFeatureVector
                {
                    Indices = [.. Enumerable.Range(0, count).Select(i => i * 7)],
                    Values = [.. Enumerable.Range(0, count).Select(_ => (float)random.NextDouble())],
                };
                break;
        }

        return new Expected(
            random.Next(2) == 0 ? "home" : new string("search".AsSpan()),
            random.NextInt64(1, DateTimeOffset.MaxValue.UtcTicks),
            random.Next(2) == 0 ? null : random.NextDouble(),
            random.Next(2) == 0 ? null : random.Next(1000),
            items,
            new bool[items.Length],
            dense,
            sparse);
    }

    private static void AssertHolds(DecisionTable table, int r, string eventId, Expected expected)
    {
        Assert.True(r >= 0);
        Assert.Equal(expected.State, table.State(r));
        Assert.Equal(eventId, table.EventId(r).ToString());
        Assert.Equal(expected.Surface, table.Surface(r));
        Assert.Equal(expected.Deadline, table.Deadline(r).UtcTicks);
        Assert.Equal(expected.DefaultReward, table.DefaultReward(r));
        Assert.Equal(expected.Period, table.Period(r));
        Assert.Equal(expected.Items.Length, table.ItemCount(r));
        var items = new List<(string Id, bool Rewarded)>();
        int cursor = 0;
        while (table.NextItem(r, ref cursor, out var itemId, out bool rewarded))
        {
            items.Add((itemId.ToString(), rewarded));
        }

        Assert.Equal(expected.Items.Zip(expected.Rewarded), items);
        Assert.Equal(-1, table.FindItem(r, "item-not-shown"));
        var features = table.Features(r);
        if (expected.State == DecisionState.Closed || (expected.Dense is null && expected.Sparse is null))
        {
            Assert.Same(ContextFeatures.None, features);
        }
        else if (expected.Dense is not null)
        {
            Assert.Equal(expected.Dense, features.Dense);
            Assert.Null(features.Sparse);
        }
        else
        {
            Assert.Null(features.Dense);
            Assert.Equal(expected.Sparse!.Indices, features.Sparse!.Indices);
            Assert.Equal(expected.Sparse.Values, features.Sparse.Values);
        }
    }
}
