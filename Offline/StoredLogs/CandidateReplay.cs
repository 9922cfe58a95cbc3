using BanditServe.Bandits;
using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;

namespace BanditServe.Offline.StoredLogs;

/// <summary>
/// Replays a Diag-LinUCB candidate over logged feedback round by round in log order (issue 7 point 4):
/// at each round the candidate's action distribution is computed from what it learned on earlier rounds
/// only, then it learns the logged action's observed reward, the standard replay (off-policy learning)
/// update, so the policy evolves as it would have online.
/// </summary>
/// <remarks>
/// <para>
/// The model is a <see cref="SurfaceModel"/>: its <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong)"/>
/// picks the best remaining candidate by UCB (same float32 scores and tie order, item id ascending, as
/// a live surface) and <see cref="SurfaceModel.Apply"/> learns with the candidate's forgetting.
/// </para>
/// <para>
/// At a row logged at slot k the distribution is the server's per-slot epsilon-greedy propensity
/// (ALGORITHMS.md 4.2, API.md "exact propensities"), conditional on the items the log placed at the
/// round's earlier slots, exactly what the logged pscore is conditional on: with m the candidates not
/// yet placed, the best of them gets <c>(1 − ε) + ε/m</c>, each other one <c>ε/m</c>, placed ones 0.
/// </para>
/// <para>
/// The decision log keeps the placed items, not the candidate lists the server ranked, so the candidate
/// set of every round is one fixed action set: by default every action in the logs.
/// </para>
/// </remarks>
public static class CandidateReplay
{
    /// <summary>The candidate's action distribution at every logged (round, position).</summary>
    /// <param name="logs">Logged feedback in log (time) order, with context columns; rounds in order of first appearance.</param>
    /// <param name="candidate">Alpha, epsilon, ridge and forgetting of the candidate.</param>
    /// <param name="actions">The candidate set of every round; null for every logged action (in order of first appearance).</param>
    /// <param name="start">A model to start from (e.g. a warm start); null for the prior.</param>
    /// <param name="progress">Receives the rounds replayed (stage <see cref="JobStages.WarmStartFit"/>); may be null.</param>
    /// <exception cref="ArgumentException">No context columns, a setting out of range, or an action id the server would refuse.</exception>
    public static EvaluationPolicy Replay(
        LoggedFeedback logs,
        CandidatePolicy candidate,
        IReadOnlyList<string>? actions = null,
        SurfaceModelSnapshot? start = null,
        IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(candidate);
        var dimension = logs.ContextDimension;
        if (dimension == 0)
        {
            throw new ArgumentException("Replaying a Diag-LinUCB candidate needs context columns x0, x1, … as features.", nameof(logs));
        }

        var served = new DiagLinUcbOptions(candidate.Alpha, candidate.Epsilon, candidate.Ridge, candidate.Forgetting).Validate();
        actions ??= [.. logs.Actions.Distinct(StringComparer.Ordinal)];

        // Ranked greedily (ε = 0): the exploration is the distribution below, not a draw.
        var greedy = served with { Epsilon = 0 };
        var model = start is null ? new SurfaceModel(dimension, greedy) : SurfaceModel.Import(start);
        if (model.Dimension != dimension)
        {
            throw new ArgumentException($"The start model has dimension {model.Dimension}; the logs have {dimension} context columns.", nameof(start));
        }

        model.Options = greedy;
        foreach (var action in actions)
        {
            model.UpsertItem(action);
        }

        var candidates = actions.Distinct(StringComparer.Ordinal).ToArray();
        var rounds = RoundsInLogOrder(logs);
        var distributions = new Dictionary<RoundPosition, ActionDistribution>(logs.Count);
        var contexts = new FeatureVector[logs.Count];
        progress.Start(JobStages.WarmStartFit, "rounds", rounds.Count);
        for (var r = 0; r < rounds.Count; r++)
        {
            var rows = rounds[r];
            var placed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                contexts[row] = FeatureVector.Dense(logs.Context(row), dimension);
                distributions[logs.Key(row)] = SlotDistribution(model, contexts[row], candidates, placed, served.Epsilon);
                placed.Add(logs.Actions[row]);
            }

            // Learn only after every slot of the round is scored: the round's own rewards are not known when it is served.
            foreach (var row in rows)
            {
                model.Apply(logs.Actions[row], contexts[row], logs.Rewards[row]);
            }

            if ((r + 1) % 1024 == 0 || r + 1 == rounds.Count)
            {
                progress?.Report(new JobProgress(JobStages.WarmStartFit, "rounds", r + 1, rounds.Count, Finished: r + 1 == rounds.Count));
            }
        }

        return new EvaluationPolicy(distributions);
    }

    /// <summary>Epsilon-greedy over the candidates not yet placed, the best by <see cref="SurfaceModel.Rank(FeatureVector, IReadOnlyList{string}?, IReadOnlyCollection{string}?, int, ulong)"/>.</summary>
    private static ActionDistribution SlotDistribution(SurfaceModel model, FeatureVector context, string[] candidates, HashSet<string> placed, double epsilon)
    {
        var remaining = candidates.Count(a => !placed.Contains(a));
        var probabilities = new double[candidates.Length];
        if (remaining == 0)
        {
            // Every candidate is already placed earlier in the round: the candidate would not fill this slot.
            return new ActionDistribution(candidates, probabilities);
        }

        var best = model.Rank(context, candidates, placed, slots: 1, seed: 0).Items[0].ItemId;
        for (var k = 0; k < candidates.Length; k++)
        {
            if (!placed.Contains(candidates[k]))
            {
                probabilities[k] = (candidates[k] == best ? 1 - epsilon : 0) + (epsilon / remaining);
            }
        }

        return new ActionDistribution(candidates, probabilities);
    }

    /// <summary>Row indices of each round, rounds in order of first appearance, rows by position.</summary>
    private static List<int[]> RoundsInLogOrder(LoggedFeedback logs)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<List<int>>();
        for (var row = 0; row < logs.Count; row++)
        {
            if (!index.TryGetValue(logs.Rounds[row], out var round))
            {
                round = rows.Count;
                index.Add(logs.Rounds[row], round);
                rows.Add([]);
            }

            rows[round].Add(row);
        }

        return [.. rows.Select(r => r.OrderBy(row => logs.Positions[row]).ToArray())];
    }
}
