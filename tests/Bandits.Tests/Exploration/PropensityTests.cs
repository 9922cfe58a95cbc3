namespace BanditServe.Bandits.Tests.Exploration;

/// <summary>Epsilon-greedy placement and its exact per-slot propensities (API.md rank; ALGORITHMS.md 4.2).</summary>
public sealed class PropensityTests
{
    private const double Epsilon = 0.3;

    /// <summary>Five items whose UCB order is e, d, c, b, a for the context x = (1).</summary>
    private static SurfaceModel FiveItemsWithKnownOrder(double epsilon)
    {
        var model = new SurfaceModel(1, new DiagLinUcbOptions(Alpha: 0, Epsilon: epsilon));
        string[] ids = ["a", "b", "c", "d", "e"];
        for (int j = 0; j < ids.Length; j++)
        {
            model.UpsertItem(ids[j]);
            model.Apply(ids[j], Contexts.Dense(1f), j);
        }

        return model;
    }

    [Fact]
    public void Every_propensity_is_the_exact_conditional_probability_of_its_slot()
    {
        SurfaceModel model = FiveItemsWithKnownOrder(Epsilon);
        string[] byScore = ["e", "d", "c", "b", "a"];
        bool sawGreedy = false;
        bool sawExploredOther = false;
        bool sawExploredOntoGreedy = false;

        for (ulong seed = 0; seed < 2000; seed++)
        {
            IReadOnlyList<RankedItem> ranked = model.Rank(Contexts.Dense(1f), null, null, 3, seed).Items;
            var placed = new List<string>();
            foreach (RankedItem item in ranked)
            {
                string greedy = byScore.First(id => !placed.Contains(id));
                int remaining = 5 - placed.Count;
                double expected = (item.ItemId == greedy ? 1 - Epsilon : 0) + (Epsilon / remaining);
                Assert.Equal(expected, item.Propensity, 1e-15);
                Assert.True(item.Explored || item.ItemId == greedy, "a greedy pick must be the best remaining item");

                sawGreedy |= !item.Explored;
                sawExploredOther |= item.Explored && item.ItemId != greedy;
                sawExploredOntoGreedy |= item.Explored && item.ItemId == greedy;
                placed.Add(item.ItemId);
            }

            Assert.Equal(3, placed.Distinct().Count());
        }

        Assert.True(sawGreedy && sawExploredOther && sawExploredOntoGreedy);
    }

    [Fact]
    public void Empirical_choice_frequencies_match_the_logged_propensities()
    {
        // 40,000 seeded rankings; for each slot and prefix, the share of rankings that picked an item
        // must match its logged propensity within 4 standard errors of a binomial proportion.
        SurfaceModel model = FiveItemsWithKnownOrder(Epsilon);
        var counts = new Dictionary<string, int>();
        var prefixCounts = new Dictionary<string, int>();
        var logged = new Dictionary<string, double>();
        const int rankings = 40_000;
        for (ulong seed = 0; seed < rankings; seed++)
        {
            IReadOnlyList<RankedItem> ranked = model.Rank(Contexts.Dense(1f), null, null, 2, seed * 7919).Items;
            string prefix = "";
            foreach (RankedItem item in ranked)
            {
                string key = prefix + ">" + item.ItemId;
                counts[key] = counts.GetValueOrDefault(key) + 1;
                prefixCounts[prefix] = prefixCounts.GetValueOrDefault(prefix) + 1;
                if (logged.TryGetValue(key, out double earlier))
                {
                    Assert.Equal(earlier, item.Propensity);
                }

                logged[key] = item.Propensity;
                prefix = key;
            }
        }

        foreach ((string key, double propensity) in logged)
        {
            int total = prefixCounts[key[..key.LastIndexOf('>')]];
            double frequency = (double)counts[key] / total;
            double standardError = Math.Sqrt(propensity * (1 - propensity) / total);
            Assert.True(Math.Abs(frequency - propensity) <= 4 * standardError + 1e-12, $"{key}: frequency {frequency:F4} vs propensity {propensity:F4} over {total}");
        }

        // Each prefix's logged propensities cover all remaining items and sum to one.
        foreach (IGrouping<string, KeyValuePair<string, double>> slot in logged.GroupBy(p => p.Key[..p.Key.LastIndexOf('>')]))
        {
            Assert.Equal(1.0, slot.Sum(p => p.Value), 1e-12);
        }
    }

    [Fact]
    public void With_epsilon_zero_every_propensity_is_one_and_the_order_is_by_score()
    {
        SurfaceModel model = FiveItemsWithKnownOrder(0);

        IReadOnlyList<RankedItem> ranked = model.Rank(Contexts.Dense(1f), null, null, 5, 123).Items;

        Assert.Equal(["e", "d", "c", "b", "a"], ranked.Select(r => r.ItemId));
        Assert.Equal([0, 1, 2, 3, 4], ranked.Select(r => r.Slot));
        Assert.All(ranked, r => Assert.Equal(1.0, r.Propensity));
        Assert.All(ranked, r => Assert.False(r.Explored));
    }

    [Fact]
    public void The_same_seed_gives_the_same_ranking_and_different_seeds_explore_differently()
    {
        SurfaceModel model = FiveItemsWithKnownOrder(0.5);

        string[] Run(ulong seed) => [.. model.Rank(Contexts.Dense(1f), null, null, 3, seed).Items.Select(r => r.ItemId)];

        Assert.Equal(Run(42), Run(42));
        Assert.True(Enumerable.Range(0, 50).Select(s => string.Join(",", Run((ulong)s))).Distinct().Count() > 5);
    }
}
