using BanditServe.Offline.Logs;
using BanditServe.Offline.WarmStart;

namespace BanditServe.Offline.Tests.WarmStart;

/// <summary>The OPE gate: publish only where the warm-started policy's DR lower bound reaches the logging value.</summary>
public sealed class WarmStartGateTests
{
    private static readonly WarmStartGateOptions Gate = new() { BootstrapSamples = 200, Seed = 3 };

    [Fact]
    public void A_warm_start_that_learns_a_context_dependent_best_item_is_published()
    {
        var logs = ContextualWorld(seed: 31, n: 3000, informative: true);

        var decision = WarmStartGate.Decide(logs, gate: Gate);

        Assert.True(decision.Publish, decision.Reason);
        Assert.True(decision.WarmStartEstimate.Interval.Low >= decision.LoggingPolicyValue);
        Assert.Equal(logs.Rewards.Average(), decision.LoggingPolicyValue, 1e-12);
        Assert.StartsWith("published", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_warm_start_on_rewards_that_no_item_or_context_predicts_is_refused_with_numbers()
    {
        var logs = ContextualWorld(seed: 32, n: 3000, informative: false);

        var decision = WarmStartGate.Decide(logs, gate: Gate);

        Assert.False(decision.Publish);
        Assert.True(decision.WarmStartEstimate.Interval.Low < decision.LoggingPolicyValue);
        Assert.StartsWith("refused", decision.Reason, StringComparison.Ordinal);
        Assert.Contains(decision.LoggingPolicyValue.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gate_policy_puts_one_minus_epsilon_on_the_top_ranked_item_and_spreads_epsilon()
    {
        var logs = ContextualWorld(seed: 33, n: 2000, informative: true);
        var statistics = DiagLinUcbWarmStart.Fit(logs);
        var gate = new WarmStartGateOptions { Epsilon = 0.1, Alpha = 0 };

        // Cluster 0 favours item-0, cluster 1 favours item-1.
        var high = WarmStartGate.Distribution(statistics, [1, 0], slot: 0, gate);
        var low = WarmStartGate.Distribution(statistics, [0, 1], slot: 0, gate);

        Assert.Equal(0.9 + (0.1 / 5), high.ProbabilityOf("item-0"), 1e-12);
        Assert.Equal(0.1 / 5, high.ProbabilityOf("item-1"), 1e-12);
        Assert.Equal(0.9 + (0.1 / 5), low.ProbabilityOf("item-1"), 1e-12);
        Assert.Equal(1.0, high.Total, 1e-12);
    }

    [Fact]
    public void Rows_are_scored_by_statistics_fitted_without_their_fold()
    {
        var logs = ContextualWorld(seed: 34, n: 600, informative: true);
        var gate = Gate with { Folds = 3 };
        var policy = WarmStartGate.CrossFittedPolicy(logs, new WarmStartOptions(), gate);

        // Flipping one row's reward changes neither its own distribution (its fold did not see it)...
        var flipped = new LoggedFeedback(
            [.. logs.Rounds], [.. logs.Positions], [.. logs.Actions],
            [.. logs.Rewards.Select((r, i) => i == 0 ? 1 - r : r)], logs.Propensities,
            [.. Enumerable.Range(0, logs.Count).SelectMany(i => logs.Context(i).ToArray())], logs.ContextDimension);
        var flippedPolicy = WarmStartGate.CrossFittedPolicy(flipped, new WarmStartOptions(), gate);

        Assert.True(policy.TryGet(logs.Key(0), out var original));
        Assert.True(flippedPolicy.TryGet(logs.Key(0), out var after));
        Assert.Equal(original.Probabilities, after.Probabilities);
        Assert.Equal(logs.Count, policy.Count);
    }

    /// <summary>
    /// Five items, uniform logging (p = 0.2), the context a one-hot user cluster (Diag-LinUCB's setting,
    /// ALGORITHMS.md 2). Informative world: item-0 has mean 0.8 in cluster 0 and 0.1 in cluster 1,
    /// item-1 the reverse, the rest 0.1; otherwise every mean is 0.3.
    /// </summary>
    internal static LoggedFeedback ContextualWorld(int seed, int n, bool informative)
    {
        var random = new Random(seed);
        var contexts = new double[n * 2];
        var actions = new string[n];
        var rewards = new double[n];
        for (var i = 0; i < n; i++)
        {
            var cluster = random.Next(2);
            contexts[(2 * i) + cluster] = 1;
            var item = random.Next(5);
            actions[i] = $"item-{item}";
            var mean = !informative ? 0.3 : item switch
            {
                0 => cluster == 0 ? 0.8 : 0.1,
                1 => cluster == 1 ? 0.8 : 0.1,
                _ => 0.1,
            };
            rewards[i] = random.NextDouble() < mean ? 1 : 0;
        }

        return new LoggedFeedback(
            [.. Enumerable.Range(0, n).Select(i => $"r{i}")], new int[n], actions, rewards,
            [.. Enumerable.Repeat(0.2, n)], contexts, 2);
    }
}
