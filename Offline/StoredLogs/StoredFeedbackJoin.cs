using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;
using BanditServe.Storage;

namespace BanditServe.Offline.StoredLogs;

/// <summary>
/// Turns the server's own decision and reward logs into <see cref="LoggedFeedback"/>: one row per shown
/// item (round = eventId, position = slot, pscore = the logged exact propensity), with the reward the
/// learner actually used (outcome <c>Applied</c> or <c>DefaultApplied</c>).
/// </summary>
/// <remarks>
/// Items without a learned reward (window still open, or no default reward) are left out, as the
/// learner left them out; <see cref="JoinResult.UnrewardedItems"/> counts them. Sparse contexts are
/// expanded to dense vectors, which the offline estimators need, so the surface dimension is limited
/// to <see cref="MaxDenseDimension"/>.
/// </remarks>
public static class StoredFeedbackJoin
{
    /// <summary>The largest surface dimension the offline jobs expand to dense contexts.</summary>
    public const int MaxDenseDimension = 4096;

    /// <summary>The joined feedback and what was left out.</summary>
    /// <param name="Feedback">The rows with a learned reward.</param>
    /// <param name="Decisions">Decisions read.</param>
    /// <param name="UnrewardedItems">Shown items left out for lack of a learned reward.</param>
    /// <param name="Surface">The surface's stored configuration.</param>
    public sealed record JoinResult(LoggedFeedback Feedback, int Decisions, int UnrewardedItems, SurfaceRecord Surface);

    /// <summary>Joins decisions with the learned rewards of the same (eventId, itemId).</summary>
    /// <exception cref="InvalidDataException">No row has a learned reward, or the dimension is too large for dense contexts.</exception>
    public static JoinResult Join(SurfaceRecord surface, IEnumerable<DecisionRecord> decisions, IEnumerable<RewardRecord> rewards)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(rewards);
        var rows = new FeedbackRows(surface, LearnedRewards(rewards));
        foreach (var decision in decisions)
        {
            rows.Add(decision);
        }

        return rows.Finish();
    }

    /// <summary>Reads the decisions of <c>[from, to)</c> and their rewards (up to the reward window after <paramref name="to"/>) and joins them.</summary>
    /// <exception cref="InvalidDataException">The surface does not exist or nothing could be joined.</exception>
    public static async Task<JoinResult> ReadAsync(
        IBanditStore store,
        string surface,
        DateTimeOffset from,
        DateTimeOffset to,
        CancellationToken cancellationToken) => await ReadAsync(store, surface, from, to, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads and joins as <see cref="ReadAsync(IBanditStore, string, DateTimeOffset, DateTimeOffset, CancellationToken)"/>, reporting the decisions read (stage <see cref="JobStages.ReadingLogs"/>).</summary>
    /// <exception cref="InvalidDataException">The surface does not exist or nothing could be joined.</exception>
    public static async Task<JoinResult> ReadAsync(
        IBanditStore store,
        string surface,
        DateTimeOffset from,
        DateTimeOffset to,
        IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var record = await store.GetSurfaceAsync(surface, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Surface '{surface}' does not exist in the store.");
        var rewardsTo = to + TimeSpan.FromSeconds(record.RewardWindowSeconds + 1);
        return await JoinAsync(
            record,
            store.ReadDecisionsAsync(surface, from, to, cancellationToken),
            store.ReadRewardsAsync(surface, from, rewardsTo, cancellationToken),
            progress,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the join: first the rewards into a (eventId, itemId) → learned reward map, then the decisions
    /// one at a time, keeping of each only its compact rows, so no decision record outlives its own step and
    /// the stored range is never held as records.
    /// </summary>
    /// <exception cref="InvalidDataException">No row has a learned reward, or the dimension is too large for dense contexts.</exception>
    public static async Task<JoinResult> JoinAsync(
        SurfaceRecord surface,
        IAsyncEnumerable<DecisionRecord> decisions,
        IAsyncEnumerable<RewardRecord> rewards,
        CancellationToken cancellationToken) => await JoinAsync(surface, decisions, rewards, null, cancellationToken).ConfigureAwait(false);

    /// <summary>Streams the join as <see cref="JoinAsync(SurfaceRecord, IAsyncEnumerable{DecisionRecord}, IAsyncEnumerable{RewardRecord}, CancellationToken)"/>, reporting the decisions read.</summary>
    /// <exception cref="InvalidDataException">No row has a learned reward, or the dimension is too large for dense contexts.</exception>
    public static async Task<JoinResult> JoinAsync(
        SurfaceRecord surface,
        IAsyncEnumerable<DecisionRecord> decisions,
        IAsyncEnumerable<RewardRecord> rewards,
        IProgress<JobProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(rewards);
        var learned = new Dictionary<(string EventId, string ItemId), double>();
        await foreach (var reward in rewards.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            AddLearned(learned, reward);
        }

        var rows = new FeedbackRows(surface, learned);
        var read = 0L;
        await foreach (var decision in decisions.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(decision);
            if (++read % JobProgress.RowReportInterval == 0)
            {
                progress?.Report(new JobProgress(JobStages.ReadingLogs, "decisions", read, 0));
            }
        }

        progress.Finish(JobStages.ReadingLogs, "decisions", read, read);
        return rows.Finish();
    }

    private static Dictionary<(string EventId, string ItemId), double> LearnedRewards(IEnumerable<RewardRecord> rewards)
    {
        var learned = new Dictionary<(string EventId, string ItemId), double>();
        foreach (var reward in rewards)
        {
            AddLearned(learned, reward);
        }

        return learned;
    }

    private static void AddLearned(Dictionary<(string EventId, string ItemId), double> learned, RewardRecord reward)
    {
        if (reward.Outcome is RewardOutcome.Applied or RewardOutcome.DefaultApplied)
        {
            learned.TryAdd((reward.EventId, reward.ItemId), reward.Reward);
        }
    }

    /// <summary>The compact per-row columns built one decision at a time.</summary>
    private sealed class FeedbackRows
    {
        private readonly SurfaceRecord surface;
        private readonly Dictionary<(string EventId, string ItemId), double> learned;
        private readonly int dimension;
        private readonly double[] context;
        private readonly List<string> rounds = [];
        private readonly List<int> positions = [];
        private readonly List<string> actions = [];
        private readonly List<double> values = [];
        private readonly List<double> propensities = [];
        private readonly List<double> contexts = [];
        private int decisionCount;
        private int unrewarded;

        public FeedbackRows(SurfaceRecord surface, Dictionary<(string EventId, string ItemId), double> learned)
        {
            ArgumentNullException.ThrowIfNull(surface);
            this.surface = surface;
            this.learned = learned;
            dimension = surface.Policy != "recovering-periodic" ? surface.Dimension : 0;
            if (dimension > MaxDenseDimension)
            {
                throw new InvalidDataException(
                    $"Surface '{surface.Surface}' has dimension {dimension}; offline jobs expand contexts to dense vectors and support at most {MaxDenseDimension}.");
            }

            context = new double[dimension];
        }

        public void Add(DecisionRecord decision)
        {
            decisionCount++;
            Array.Clear(context);
            if (decision.Features is { } dense)
            {
                for (var c = 0; c < Math.Min(dense.Length, dimension); c++)
                {
                    context[c] = dense[c];
                }
            }
            else if (decision.SparseFeatures is { } sparse)
            {
                for (var k = 0; k < sparse.Indices.Length; k++)
                {
                    if (sparse.Indices[k] < dimension)
                    {
                        context[sparse.Indices[k]] = sparse.Values[k];
                    }
                }
            }

            foreach (var item in decision.Items)
            {
                if (!learned.TryGetValue((decision.EventId, item.ItemId), out var reward))
                {
                    unrewarded++;
                    continue;
                }

                rounds.Add(decision.EventId);
                positions.Add(item.Slot);
                actions.Add(item.ItemId);
                values.Add(reward);
                propensities.Add(item.Propensity);
                contexts.AddRange(context);
            }
        }

        public JoinResult Finish()
        {
            if (rounds.Count == 0)
            {
                throw new InvalidDataException(
                    $"Surface '{surface.Surface}' has no shown item with a learned reward in the range ({decisionCount} decisions, {unrewarded} unrewarded items).");
            }

            var feedback = new LoggedFeedback([.. rounds], [.. positions], [.. actions], [.. values], [.. propensities], [.. contexts], dimension);
            return new JoinResult(feedback, decisionCount, unrewarded, surface);
        }
    }
}
