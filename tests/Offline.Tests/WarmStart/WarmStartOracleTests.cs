using BanditServe.Bandits;
using BanditServe.Offline.Logs;
using BanditServe.Offline.WarmStart;

namespace BanditServe.Offline.Tests.WarmStart;

/// <summary>ALGORITHMS.md 5.5 W1–W3 and the link to the Bandits surface model.</summary>
public sealed class WarmStartOracleTests
{
    [Fact]
    public void Plain_full_trust_statistics_equal_a_surface_model_fed_the_same_stream()
    {
        var logs = DyadicLogs(seed: 21, n: 400, dimension: 4, items: 5);
        var options = new WarmStartOptions { Trust = 1, PseudoObservationCap = double.PositiveInfinity };

        var statistics = DiagLinUcbWarmStart.Fit(logs, options);
        var model = Replay(logs, new DiagLinUcbOptions(Ridge: 1));

        AssertSameStatistics(statistics, model.Export());
    }

    [Fact]
    public void Forgetting_in_log_order_matches_a_forgetting_surface_model()
    {
        var logs = DyadicLogs(seed: 22, n: 300, dimension: 3, items: 4);
        var options = new WarmStartOptions { PseudoObservationCap = double.PositiveInfinity, Forgetting = 0.99 };

        var statistics = DiagLinUcbWarmStart.Fit(logs, options);
        var model = Replay(logs, new DiagLinUcbOptions(Ridge: 1, Forgetting: 0.99));

        AssertSameStatistics(statistics, model.Export());
    }

    [Theory]
    [InlineData(1.0, 5.0, 3.0, 0.6, 0.447214)]
    [InlineData(0.25, 2.0, 0.75, 0.375, 0.707107)]
    public void Single_arm_hand_oracle_gives_the_documented_theta_and_width(double trust, double precision, double b, double theta, double width)
    {
        var logs = SingleArm([1, 0, 1, 1]);

        var statistics = DiagLinUcbWarmStart.Fit(logs, new WarmStartOptions { Trust = trust, PseudoObservationCap = double.PositiveInfinity });

        Assert.Equal(precision, statistics.Precision(0, 0), 1e-12);
        Assert.Equal(b, statistics.SumRewards(0)[0], 1e-12);
        Assert.Equal(theta, statistics.Theta(0, 0), 1e-12);
        Assert.Equal(width, statistics.Width(0, [1.0]), 1e-6);
    }

    [Fact]
    public void With_a_vanishing_ridge_theta_ignores_trust_and_width_scales_as_one_over_sqrt_trust()
    {
        var logs = SingleArm([1, 0, 1, 1]);
        WarmStartStatistics Fit(double trust) => DiagLinUcbWarmStart.Fit(logs, new WarmStartOptions { Ridge = 1e-9, Trust = trust, PseudoObservationCap = double.PositiveInfinity });

        var full = Fit(1);
        var quarter = Fit(0.25);

        Assert.Equal(full.Theta(0, 0), quarter.Theta(0, 0), 1e-8);
        Assert.Equal(0.75, full.Theta(0, 0), 1e-8);
        Assert.Equal(2.0, quarter.Width(0, [1.0]) / full.Width(0, [1.0]), 1e-8);
    }

    [Fact]
    public void Importance_weights_are_rescaled_so_their_sum_is_the_effective_sample_size()
    {
        var rescaled = DiagLinUcbWarmStart.RescaledImportanceWeights([2, 2, 0.5, 0.5], maxWeight: 20);

        Assert.Equal(25 / 8.5, rescaled.Sum(), 1e-12);
        Assert.Equal(2.941176, rescaled.Sum(), 1e-6);
        Assert.Equal(4.0, DiagLinUcbWarmStart.RescaledImportanceWeights([0.7, 0.7, 0.7, 0.7], 20).Sum(), 1e-12);
        Assert.Equal(2.0, DiagLinUcbWarmStart.RescaledImportanceWeights([50, 50], 20).Sum(), 1e-12);
    }

    [Fact]
    public void The_pseudo_observation_cap_limits_each_edge_to_the_cap()
    {
        var logs = SingleArm([.. Enumerable.Repeat(1.0, 400)]);

        var statistics = DiagLinUcbWarmStart.Fit(logs, new WarmStartOptions { PseudoObservationCap = 50 });

        Assert.Equal(50, statistics.SumSquares(0)[0], 1e-9);
        Assert.Equal(50, statistics.SumRewards(0)[0], 1e-9);
        Assert.Equal(400, statistics.Rows[0]);
    }

    [Fact]
    public void Importance_weighting_changes_the_statistics_only_through_the_rescaled_weights()
    {
        var logs = DyadicLogs(seed: 23, n: 200, dimension: 2, items: 3);
        var plain = DiagLinUcbWarmStart.Fit(logs, new WarmStartOptions { PseudoObservationCap = double.PositiveInfinity });
        var weighted = DiagLinUcbWarmStart.Fit(logs, new WarmStartOptions { PseudoObservationCap = double.PositiveInfinity, Weighting = WarmStartWeighting.ImportanceWeighted });

        // DyadicLogs logs every item with the same propensity, so the rescaled weights are all 1.
        Assert.Equal(plain.SumSquares(1).ToArray(), weighted.SumSquares(1).ToArray());
        Assert.Equal(plain.Rows[1], weighted.EffectiveSampleSizes[1], 1e-9);
    }

    [Fact]
    public void The_snapshot_imports_into_a_surface_model_that_scores_like_the_statistics()
    {
        var logs = DyadicLogs(seed: 24, n: 300, dimension: 3, items: 4);
        var statistics = DiagLinUcbWarmStart.Fit(logs);

        var model = SurfaceModel.Import(statistics.ToSnapshot(new DiagLinUcbOptions(Alpha: 0.5)));

        Assert.Equal(4, model.ItemCount);
        AssertSameStatistics(statistics, model.Export());
    }

    internal static LoggedFeedback DyadicLogs(int seed, int n, int dimension, int items)
    {
        // Eighths are exact in float32, the precision in which the surface model takes contexts.
        var random = new Random(seed);
        var contexts = new double[n * dimension];
        for (var k = 0; k < contexts.Length; k++)
        {
            contexts[k] = random.Next(0, 9) / 8.0;
        }

        var actions = Enumerable.Range(0, n).Select(_ => $"item-{random.Next(items)}").ToArray();
        var rewards = Enumerable.Range(0, n).Select(_ => random.Next(0, 5) / 4.0).ToArray();
        return new LoggedFeedback(
            [.. Enumerable.Range(0, n).Select(i => $"r{i}")],
            new int[n],
            actions,
            rewards,
            [.. Enumerable.Repeat(1.0 / items, n)],
            contexts,
            dimension);
    }

    private static LoggedFeedback SingleArm(double[] rewards) => new(
        [.. rewards.Select((_, i) => $"r{i}")],
        new int[rewards.Length],
        [.. rewards.Select(_ => "arm")],
        rewards,
        [.. rewards.Select(_ => 1.0)],
        [.. rewards.Select(_ => 1.0)],
        1);

    private static SurfaceModel Replay(LoggedFeedback logs, DiagLinUcbOptions options)
    {
        var model = new SurfaceModel(logs.ContextDimension, options);
        for (var row = 0; row < logs.Count; row++)
        {
            model.UpsertItem(logs.Actions[row]);
            Assert.True(model.Apply(logs.Actions[row], FeatureVector.Dense(logs.Context(row), logs.ContextDimension), logs.Rewards[row]));
        }

        return model;
    }

    private static void AssertSameStatistics(WarmStartStatistics statistics, SurfaceModelSnapshot snapshot)
    {
        Assert.Equal(statistics.Dimension, snapshot.Dimension);
        foreach (var item in snapshot.Items)
        {
            var j = statistics.IndexOf(item.ItemId);
            Assert.True(j >= 0, item.ItemId);
            var squares = new double[statistics.Dimension];
            var rewards = new double[statistics.Dimension];
            for (var k = 0; k < item.Indices.Length; k++)
            {
                squares[item.Indices[k]] = item.SumSquares[k];
                rewards[item.Indices[k]] = item.SumRewards[k];
            }

            for (var c = 0; c < statistics.Dimension; c++)
            {
                Assert.Equal(squares[c], statistics.SumSquares(j)[c], 1e-12);
                Assert.Equal(rewards[c], statistics.SumRewards(j)[c], 1e-12);
            }
        }
    }
}
