using System.Runtime.CompilerServices;
using BanditServe.Offline.StoredLogs;
using BanditServe.Storage;

namespace BanditServe.Offline.Tests.StoredLogs;

public sealed class StoredFeedbackJoinTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_shown_items_with_a_learned_reward_become_rows()
    {
        var decision = Decision("e1", features: [0.5f, 0.25f], ("a", 0, 0.9), ("b", 1, 0.5), ("c", 2, 0.4));
        RewardRecord[] rewards =
        [
            new("e1", "home", "a", 1.0, Start, RewardOutcome.Applied),
            new("e1", "home", "a", 5.0, Start, RewardOutcome.Duplicate),
            new("e1", "home", "b", 0.0, Start, RewardOutcome.DefaultApplied),
            new("e1", "home", "c", 1.0, Start, RewardOutcome.Rejected),
        ];

        var result = StoredFeedbackJoin.Join(Surface(dimension: 2), [decision], rewards);

        var feedback = result.Feedback;
        Assert.Equal(2, feedback.Count);
        Assert.Equal(1, result.UnrewardedItems);
        Assert.Equal(["a", "b"], feedback.Actions);
        Assert.Equal([1.0, 0.0], feedback.Rewards);
        Assert.Equal([0.9, 0.5], feedback.Propensities);
        Assert.Equal([0, 1], feedback.Positions);
        Assert.Equal([0.5, 0.25], feedback.Context(1).ToArray());
        Assert.Equal("e1", feedback.Rounds[0]);
    }

    [Fact]
    public void Sparse_contexts_are_expanded_to_dense_vectors()
    {
        var decision = Decision("e2", features: null, ("a", 0, 0.5)) with { SparseFeatures = new SparseFeatures([3], [2f]) };

        var result = StoredFeedbackJoin.Join(Surface(dimension: 5), [decision], [new("e2", "home", "a", 1, Start, RewardOutcome.Applied)]);

        Assert.Equal([0, 0, 0, 2, 0], result.Feedback.Context(0).ToArray());
    }

    [Fact]
    public void Logs_without_any_learned_reward_are_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            StoredFeedbackJoin.Join(Surface(dimension: 2), [Decision("e3", [1f, 0f], ("a", 0, 0.5))], []));

        Assert.Contains("no shown item with a learned reward", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_too_large_for_dense_contexts_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => StoredFeedbackJoin.Join(Surface(dimension: 1 << 20), [], []));
    }

    [Fact]
    public async Task The_stored_join_streams_decisions_without_holding_the_records_read_so_far()
    {
        const int count = 300;
        var read = new WeakReference[count];
        var aliveWhenLastWasRequested = -1;

        async IAsyncEnumerable<DecisionRecord> Decisions()
        {
            for (var i = 0; i < count; i++)
            {
                if (i == count - 1)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    aliveWhenLastWasRequested = read.Take(count - 2).Count(r => r.IsAlive);
                }

                await Task.Yield();
                yield return Tracked(read, i);
            }
        }

        async IAsyncEnumerable<RewardRecord> Rewards()
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return new RewardRecord($"e{i}", "home", "a", i % 2, Start, RewardOutcome.Applied);
            }
        }

        var result = await StoredFeedbackJoin.JoinAsync(Surface(dimension: 2), Decisions(), Rewards(), TestContext.Current.CancellationToken);

        Assert.Equal(count, result.Feedback.Count);
        Assert.Equal(1.0, result.Feedback.Rewards[299]);
        Assert.Equal([299.0, 1.0], result.Feedback.Context(299).ToArray());
        Assert.Equal(0, aliveWhenLastWasRequested);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecisionRecord Tracked(WeakReference[] read, int i)
    {
        var decision = Decision($"e{i}", [i, 1f], ("a", 0, 0.5));
        read[i] = new WeakReference(decision);
        return decision;
    }

    internal static SurfaceRecord Surface(int dimension) =>
        new("home", dimension, "diag-linucb", 1.0, 0.05, 1.0, 1.0, 600, 0.0, null, Start, Start);

    internal static DecisionRecord Decision(string eventId, float[]? features, params (string Item, int Slot, double Propensity)[] items) => new()
    {
        EventId = eventId,
        Surface = "home",
        At = Start,
        Policy = "diag-linucb",
        ModelVersion = 1,
        Features = features,
        Items = [.. items.Select(i => new DecisionItem(i.Item, i.Slot, 0.5, i.Propensity))],
    };
}
