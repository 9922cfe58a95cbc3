using BanditServe.Bandits;
using BanditServe.Offline.Logs;
using BanditServe.Offline.StoredLogs;

namespace BanditServe.Offline.Tests.StoredLogs;

/// <summary>The in-order replay of a Diag-LinUCB candidate over logged rounds.</summary>
public sealed class CandidateReplayTests
{
    private const int Dimension = 3;
    private static readonly CandidatePolicy Candidate = new(Alpha: 0.5, Epsilon: 0.1, Ridge: 1, Forgetting: 0.99, CandidateMode.Replay);

    [Fact]
    public void A_rounds_distribution_is_unchanged_when_a_later_rounds_reward_changes()
    {
        var logs = SyntheticLog(rounds: 300, seed: 4);
        var changed = WithRewards(logs, row => logs.Rounds[row] == "r200" ? 50.0 : logs.Rewards[row]);

        var original = CandidateReplay.Replay(logs, Candidate);
        var replayed = CandidateReplay.Replay(changed, Candidate);

        var laterDiffer = false;
        for (var row = 0; row < logs.Count; row++)
        {
            var round = int.Parse(logs.Rounds[row].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            var before = original.Distributions[logs.Key(row)].Probabilities;
            var after = replayed.Distributions[logs.Key(row)].Probabilities;
            if (round <= 200)
            {
                // Round 200 itself is served before its reward is learned.
                Assert.Equal(before, after);
            }
            else
            {
                laterDiffer |= !before.SequenceEqual(after);
            }
        }

        // The change does reach later rounds, so the equality above is not vacuous.
        Assert.True(laterDiffer);
    }

    [Fact]
    public void Distributions_sum_to_one_and_never_repeat_an_item_placed_earlier_in_the_round()
    {
        var logs = SyntheticLog(rounds: 200, seed: 9);
        var epsilon = Candidate.Epsilon;

        var policy = CandidateReplay.Replay(logs, Candidate);

        for (var row = 0; row < logs.Count; row++)
        {
            var distribution = policy.Distributions[logs.Key(row)];
            Assert.Equal(1.0, distribution.Total, 1e-12);
            var slot = logs.Positions[row];
            var earlier = Enumerable.Range(0, logs.Count)
                .Where(other => logs.Rounds[other] == logs.Rounds[row] && logs.Positions[other] < slot)
                .Select(other => logs.Actions[other])
                .ToList();
            Assert.All(earlier, item => Assert.Equal(0.0, distribution.ProbabilityOf(item)));
            var remaining = distribution.Actions.Count - earlier.Count;
            var positive = distribution.Probabilities.Where(p => p > 0).Order().ToList();
            Assert.Equal(remaining, positive.Count);
            Assert.Equal(epsilon / remaining, positive[0], 1e-12);
            Assert.Equal(1 - epsilon + (epsilon / remaining), positive[^1], 1e-12);
        }
    }

    [Fact]
    public void The_first_slot_probability_equals_the_propensity_a_live_surface_reports_after_the_same_rounds()
    {
        var logs = SyntheticLog(rounds: 120, seed: 21);
        var policy = CandidateReplay.Replay(logs, Candidate);
        var actions = logs.Actions.Distinct().ToArray();

        // An independent live surface: learn rounds 0..99 in order, then rank round 100 with ε as the server does.
        var live = new SurfaceModel(Dimension, new DiagLinUcbOptions(Candidate.Alpha, Candidate.Epsilon, Candidate.Ridge, Candidate.Forgetting));
        foreach (var action in actions)
        {
            live.UpsertItem(action);
        }

        var firstRow100 = -1;
        for (var row = 0; row < logs.Count; row++)
        {
            if (logs.Rounds[row] == "r100")
            {
                firstRow100 = firstRow100 < 0 || logs.Positions[row] < logs.Positions[firstRow100] ? row : firstRow100;
                continue;
            }

            if (int.Parse(logs.Rounds[row].AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) < 100)
            {
                live.Apply(logs.Actions[row], FeatureVector.Dense(logs.Context(row), Dimension), logs.Rewards[row]);
            }
        }

        var distribution = policy.Distributions[logs.Key(firstRow100)];
        var context = FeatureVector.Dense(logs.Context(firstRow100), Dimension);
        for (ulong seed = 0; seed < 40; seed++)
        {
            var placed = live.Rank(context, actions, null, slots: 1, seed).Items[0];
            Assert.Equal(placed.Propensity, distribution.ProbabilityOf(placed.ItemId), 1e-12);
        }
    }

    [Fact]
    public void Logs_without_context_columns_are_refused()
    {
        var logs = new LoggedFeedback(["r0"], [0], ["a"], [1.0], [0.5], [], 0);

        Assert.Throws<ArgumentException>(() => CandidateReplay.Replay(logs, Candidate));
    }

    /// <summary>Four items, two slots per round, logged uniformly without repeats; item k pays most where x_k is large.</summary>
    private static LoggedFeedback SyntheticLog(int rounds, int seed)
    {
        var random = new Random(seed);
        var roundIds = new List<string>();
        var positions = new List<int>();
        var actions = new List<string>();
        var rewards = new List<double>();
        var propensities = new List<double>();
        var contexts = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double[] x = [random.NextDouble(), random.NextDouble(), 1.0];
            var first = random.Next(4);
            var second = (first + 1 + random.Next(3)) % 4;
            foreach (var (slot, item, pscore) in new[] { (0, first, 0.25), (1, second, 1.0 / 3) })
            {
                roundIds.Add($"r{round}");
                positions.Add(slot);
                actions.Add($"item-{item}");
                var mean = item < 2 ? x[item] : 0.3;
                rewards.Add(random.NextDouble() < mean ? 1 : 0);
                propensities.Add(pscore);
                contexts.AddRange(x);
            }
        }

        return new LoggedFeedback([.. roundIds], [.. positions], [.. actions], [.. rewards], [.. propensities], [.. contexts], Dimension);
    }

    private static LoggedFeedback WithRewards(LoggedFeedback logs, Func<int, double> reward)
    {
        var contexts = Enumerable.Range(0, logs.Count).SelectMany(row => logs.Context(row).ToArray()).ToArray();
        return new LoggedFeedback(
            [.. logs.Rounds], [.. logs.Positions], [.. logs.Actions], [.. Enumerable.Range(0, logs.Count).Select(reward)],
            [.. logs.Propensities], contexts, logs.ContextDimension);
    }
}
