using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits.Tests.Gpu;

/// <summary>Two models fed the same items and updates: one scored on the CPU, one on a resident backend.</summary>
internal static class ParityWorld
{
    public static (SurfaceModel Cpu, SurfaceModel Device) Build(IResidentScoringBackend backend, int dimension, int items, int updates, int seed, int tiedGroups = 0, TimeSpan? staleness = null)
    {
        var options = new DiagLinUcbOptions(Alpha: 0.7, Epsilon: 0.1, Ridge: 1);
        var cpu = new SurfaceModel(dimension, options);
        var device = new SurfaceModel(dimension, options, new SurfaceScoring(backend, staleness ?? TimeSpan.Zero, MinDeviceItems: 0));
        var random = new Random(seed);

        // Ids are added in a shuffled order so that row order and id order differ (ties break by id, not row).
        foreach (int j in Enumerable.Range(0, items).OrderBy(_ => random.Next()))
        {
            cpu.UpsertItem($"item-{j:D4}");
            device.UpsertItem($"item-{j:D4}");
        }

        for (int u = 0; u < updates; u++)
        {
            string id = $"item-{random.Next(items):D4}";
            FeatureVector context = Contexts.Random(random, dimension);
            double reward = random.NextDouble();
            cpu.Apply(id, context, reward);
            device.Apply(id, context, reward);
        }

        // Groups of items with identical statistics: their scores tie exactly for every context.
        for (int g = 0; g < tiedGroups; g++)
        {
            FeatureVector context = Contexts.Random(random, dimension);
            for (int member = 0; member < 6; member++)
            {
                string id = $"tied-{g}-{member}";
                cpu.UpsertItem(id);
                device.UpsertItem(id);
                for (int repeat = 0; repeat < 5; repeat++)
                {
                    cpu.Apply(id, context, 1);
                    device.Apply(id, context, 1);
                }
            }
        }

        return (cpu, device);
    }

    public static RankOutcome[] RankAll(SurfaceModel model, RankRequest[] requests)
    {
        var outcomes = new RankOutcome?[requests.Length];
        var errors = new Exception?[requests.Length];
        model.RankBatch(requests, outcomes, errors);
        foreach (Exception? error in errors)
        {
            if (error is not null)
            {
                throw new InvalidOperationException("A batched request failed.", error);
            }
        }

        return [.. outcomes.Select(o => o!)];
    }

    public static void AssertSameRankings(RankOutcome[] expected, RankOutcome[] actual, double relativeTolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int r = 0; r < expected.Length; r++)
        {
            Assert.Equal(expected[r].Items.Select(i => i.ItemId), actual[r].Items.Select(i => i.ItemId));
            for (int slot = 0; slot < expected[r].Items.Count; slot++)
            {
                RankedItem e = expected[r].Items[slot];
                RankedItem a = actual[r].Items[slot];
                Assert.Equal(e.Explored, a.Explored);
                Assert.Equal(e.Propensity, a.Propensity, 12);
                Assert.True(Math.Abs(e.Score - a.Score) <= relativeTolerance * Math.Max(1, Math.Abs(e.Score)), $"request {r} slot {slot}: {e.Score} vs {a.Score}");
            }
        }
    }
}
