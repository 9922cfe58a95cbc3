namespace BanditServe.Bandits.Tests.DiagLinUcb;

/// <summary>Statistical behaviour with fixed seeds (ALGORITHMS.md 2.13 O6, 6).</summary>
[Trait("Category", "Statistical")]
public sealed class RegretTests
{
    [Fact]
    public void O6_one_hot_regret_grows_sublinearly_ratio_at_most_2_5_over_10_seeds()
    {
        // 5 clusters, 8 items, Bernoulli edge means in [0.05, 0.6], alpha = 1, lambda = 1, pure UCB.
        // The regret at T = 8,000 and 4T = 32,000 come from the same runs (a prefix has the same law).
        double regretT = 0;
        double regret4T = 0;
        for (int seed = 0; seed < 10; seed++)
        {
            var random = new Random(seed);
            double[,] means = new double[5, 8];
            for (int c = 0; c < 5; c++)
            {
                for (int j = 0; j < 8; j++)
                {
                    means[c, j] = 0.05 + (0.55 * random.NextDouble());
                }
            }

            var model = new SurfaceModel(5, new DiagLinUcbOptions(Alpha: 1, Epsilon: 0, Ridge: 1));
            for (int j = 0; j < 8; j++)
            {
                model.UpsertItem($"item{j}");
            }

            FeatureVector[] contexts = [.. Enumerable.Range(0, 5).Select(c => Contexts.OneHot(5, c))];
            double[] bestMean = [.. Enumerable.Range(0, 5).Select(c => Enumerable.Range(0, 8).Max(k => means[c, k]))];
            double regret = 0;
            for (int t = 1; t <= 32_000; t++)
            {
                int cluster = random.Next(5);
                string chosen = Assert.Single(model.Rank(contexts[cluster], null, null, 1, (ulong)t).Items).ItemId;
                int j = chosen[4] - '0';
                regret += bestMean[cluster] - means[cluster, j];
                model.Apply(chosen, contexts[cluster], random.NextDouble() < means[cluster, j] ? 1 : 0);
                if (t == 8_000)
                {
                    regretT += regret;
                }
            }

            regret4T += regret;
        }

        double ratio = regret4T / regretT;
        Assert.True(ratio <= 2.5, $"regret(4T)/regret(T) = {ratio:F2} (simulation: about 1.6)");
    }

    [Fact]
    public void In_a_seeded_synthetic_world_diag_linucb_earns_far_more_than_uniform_random()
    {
        // Ten user segments as named features; one good item (p = 0.5) per segment among 30 items
        // whose other rates are 0.02-0.12. Uniform random earns about 0.09 a round; the learner must
        // reach at least 0.30 a round (over 3x random) over 6,000 rounds, with 5% exploration.
        var random = new Random(2024);
        const int items = 30;
        const int segments = 10;
        double[,] rates = new double[segments, items];
        for (int s = 0; s < segments; s++)
        {
            for (int j = 0; j < items; j++)
            {
                rates[s, j] = j == (s * 3) % items ? 0.5 : 0.02 + (0.1 * random.NextDouble());
            }
        }

        var model = new SurfaceModel(256, new DiagLinUcbOptions(Alpha: 0.5, Epsilon: 0.05, Ridge: 1));
        for (int j = 0; j < items; j++)
        {
            model.UpsertItem($"item-{j:D2}");
        }

        FeatureVector[] contexts = [.. Enumerable.Range(0, segments).Select(s => FeatureVector.Named(
            [new("segment=" + s, 1.0), new("bias", 0.1)], 256))];
        double learnerReward = 0;
        double randomReward = 0;
        const int rounds = 6_000;
        for (int t = 0; t < rounds; t++)
        {
            int segment = random.Next(segments);
            string chosen = Assert.Single(model.Rank(contexts[segment], null, null, 1, (ulong)t).Items).ItemId;
            int j = int.Parse(chosen.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
            double reward = random.NextDouble() < rates[segment, j] ? 1 : 0;
            learnerReward += reward;
            model.Apply(chosen, contexts[segment], reward);

            randomReward += random.NextDouble() < rates[segment, random.Next(items)] ? 1 : 0;
        }

        double learner = learnerReward / rounds;
        double uniform = randomReward / rounds;
        Assert.True(learner >= 0.30 && learner >= 3 * uniform, $"Diag-LinUCB {learner:F3} a round vs uniform random {uniform:F3}");
    }
}
