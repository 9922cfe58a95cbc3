using BanditServe.Streaming.Join;
using BanditServe.Streaming.Messages;
using static BanditServe.Streaming.Tests.Join.JoinMessages;

namespace BanditServe.Streaming.Tests.Join;

public sealed class RewardJoinTests
{
    private static readonly RewardJoinOptions Options = new()
    {
        RewardGrace = TimeSpan.FromSeconds(5),
        AllowedLateness = TimeSpan.Zero,
        ClosedEventRetention = TimeSpan.FromMinutes(10),
    };

    private static RewardJoin NewJoin(double? defaultReward = 0.0) => new(
        new FixedSurfaceDirectory(new() { ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(60), defaultReward) }),
        Options);

    [Fact]
    public void First_reward_for_a_shown_item_is_joined_at_once_with_the_decision_context()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        var decision = Decision("e1", T0);
        join.AddDecision(decision, output);

        join.AddReward(Reward("e1", "b", 1.0, T0.AddSeconds(3)), T0.AddSeconds(3), output);

        var example = Assert.Single(output.Examples);
        Assert.Equal(new JoinedExample("home", "e1", "b", example.Features, 1.0, T0.AddSeconds(3), false, null), example);
        Assert.Equal([0.5f, -1f, 2f], example.Features.Dense!);
        Assert.Empty(output.Rejections);
    }

    [Fact]
    public void The_join_keeps_its_own_copy_of_a_decision_context()
    {
        // The join holds contexts in its own blocks, so a caller reusing its arrays cannot change what is learned.
        var join = NewJoin();
        var output = new JoinOutput();
        var decision = Decision("e1", T0);
        join.AddDecision(decision, output);
        decision.Features![0] = 99f;

        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(1)), T0.AddSeconds(1), output);
        join.AdvanceTo(T0.AddSeconds(61), output);

        Assert.Equal(2, output.Examples.Count);
        Assert.All(output.Examples, example => Assert.Equal([0.5f, -1f, 2f], example.Features.Dense!));
        Assert.Empty(output.Rejections);
    }

    [Fact]
    public void Decisions_share_one_instance_of_each_surface_and_item_id_and_still_join_by_value()
    {
        // Each consumed decision arrives with its own copies of the ids; the join keeps them as characters and hands
        // out one string per id in the examples it emits.
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0, new string("home".AsSpan()), new string("a".AsSpan()), new string("b".AsSpan())), output);
        join.AddDecision(Decision("e2", T0, new string("home".AsSpan()), new string("a".AsSpan()), new string("b".AsSpan())), output);

        join.AddReward(Reward("e2", new string("b".AsSpan()), 1.0, T0.AddSeconds(1)), T0.AddSeconds(1), output);
        join.AdvanceTo(T0.AddSeconds(61), output);

        Assert.Equal(4, output.Examples.Count);
        var first = output.Examples.Where(e => e.EventId == "e1").OrderBy(e => e.ItemId, StringComparer.Ordinal).ToArray();
        var second = output.Examples.Where(e => e.EventId == "e2").OrderBy(e => e.ItemId, StringComparer.Ordinal).ToArray();
        Assert.Equal(["a", "b"], first.Select(e => e.ItemId));
        Assert.Equal(["a", "b"], second.Select(e => e.ItemId));
        Assert.Same(first[0].ItemId, second[0].ItemId);
        Assert.Same(first[1].Surface, second[1].Surface);
        Assert.Equal(1.0, second[1].Reward);
        Assert.False(second[1].IsDefaultReward);
        Assert.True(first[1].IsDefaultReward);
    }

    [Fact]
    public void The_id_table_starts_again_when_full_without_changing_what_it_returns()
    {
        var ids = new IdInterner(capacity: 2);
        var a = ids.Intern(new string("a".AsSpan()));
        Assert.Same(a, ids.Intern(new string("a".AsSpan())));
        ids.Intern("b");
        var c = ids.Intern("c");

        Assert.Equal(1, ids.Count);
        Assert.Same(c, ids.Intern(new string("c".AsSpan())));
        Assert.Equal("a", ids.Intern(new string("a".AsSpan())));
    }

    [Fact]
    public void Second_reward_for_the_same_pair_is_ignored_and_counted()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);
        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(1)), T0.AddSeconds(1), output);

        join.AddReward(Reward("e1", "a", 5.0, T0.AddSeconds(2)), T0.AddSeconds(2), output);

        Assert.Equal(1.0, Assert.Single(output.Examples).Reward);
        Assert.Equal(1, output.DuplicateRewards);
        Assert.Empty(output.Rejections);
    }

    [Fact]
    public void Reward_for_an_item_the_event_did_not_show_is_rejected_with_reason()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);
        byte[] original = [1, 2, 3];

        join.AddReward(Reward("e1", "zzz", 1.0, T0), T0, output, original);

        Assert.Empty(output.Examples);
        var rejection = Assert.Single(output.Rejections);
        Assert.Equal(DeadLetterReasons.ItemNotShown, rejection.Reason);
        Assert.Contains("zzz", rejection.Detail, StringComparison.Ordinal);
        Assert.Same(original, rejection.OriginalValue);
    }

    [Fact]
    public void Reward_that_happened_after_the_window_is_rejected_as_late()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);

        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(61)), T0.AddSeconds(59), output);

        Assert.Empty(output.Examples);
        Assert.Equal(DeadLetterReasons.LateReward, Assert.Single(output.Rejections).Reason);
    }

    [Fact]
    public void Window_close_learns_unrewarded_items_with_the_default_reward()
    {
        var join = NewJoin(defaultReward: -0.25);
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0, "home", "a", "b", "c"), output);
        join.AddReward(Reward("e1", "b", 1.0, T0.AddSeconds(10)), T0.AddSeconds(10), output);

        join.AdvanceTo(T0.AddSeconds(59), output);
        Assert.Single(output.Examples);
        Assert.True(join.IsKnownEvent("e1"));

        join.AdvanceTo(T0.AddSeconds(60), output);

        Assert.Equal(3, output.Examples.Count);
        var defaults = output.Examples.Where(example => example.IsDefaultReward).ToList();
        Assert.Equal(["a", "c"], defaults.Select(example => example.ItemId));
        Assert.All(defaults, example => Assert.Equal(-0.25, example.Reward));
        Assert.All(defaults, example => Assert.Equal(T0.AddSeconds(60), example.At));
        Assert.False(join.IsKnownEvent("e1"));
    }

    [Fact]
    public void Window_close_without_a_default_reward_learns_nothing()
    {
        var join = NewJoin(defaultReward: null);
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);

        join.AdvanceTo(T0.AddMinutes(5), output);

        Assert.Empty(output.Examples);
        Assert.Empty(output.Rejections);
    }

    [Fact]
    public void Reward_after_the_window_closed_is_rejected_as_late_but_a_duplicate_of_a_joined_reward_is_only_counted()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);
        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(1)), T0.AddSeconds(1), output);
        join.AdvanceTo(T0.AddSeconds(61), output);
        output.Clear();

        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(1)), T0.AddSeconds(62), output);
        join.AddReward(Reward("e1", "b", 1.0, T0.AddSeconds(30)), T0.AddSeconds(62), output);

        Assert.Equal(1, output.DuplicateRewards);
        Assert.Equal(DeadLetterReasons.LateReward, Assert.Single(output.Rejections).Reason);
        Assert.Empty(output.Examples);
    }

    [Fact]
    public void Beyond_the_closed_event_capacity_the_oldest_closed_events_are_forgotten_first()
    {
        var join = new RewardJoin(
            new FixedSurfaceDirectory(new() { ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(60), 0.0) }),
            Options with { ClosedEventCapacity = 2 });
        var output = new JoinOutput();
        for (var i = 1; i <= 5; i++)
        {
            join.AddDecision(Decision("e" + i, T0.AddSeconds(i)), output);
        }

        join.AdvanceTo(T0.AddSeconds(62.5), output);
        // e1 and e2 have closed and are within their retention, as is everything below.
        Assert.Equal(2, join.ClosedDecisionCount);
        Assert.Equal(3, join.OpenDecisionCount);
        join.AdvanceTo(T0.AddSeconds(70), output);
        Assert.Equal(2, join.ClosedDecisionCount);
        Assert.Equal(0, join.OpenDecisionCount);
        Assert.Equal(10, output.Examples.Count);
        output.Clear();

        // The two newest are still remembered: a late reward is refused as late, a second close never happens.
        join.AddReward(Reward("e5", "a", 1.0, T0.AddSeconds(64)), T0.AddSeconds(70), output);
        join.AddReward(Reward("e4", "b", 1.0, T0.AddSeconds(63)), T0.AddSeconds(70), output);
        Assert.Equal([DeadLetterReasons.LateReward, DeadLetterReasons.LateReward], output.Rejections.Select(r => r.Reason));
        output.Clear();

        // The oldest three are forgotten: a reward for one waits for a decision that never comes, then is unknown.
        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(30)), T0.AddSeconds(70), output);
        Assert.Equal(1, output.HeldRewards);
        join.AdvanceTo(T0.AddSeconds(76), output);
        Assert.Equal(DeadLetterReasons.UnknownEvent, Assert.Single(output.Rejections).Reason);
        Assert.Empty(output.Examples);
    }

    [Fact]
    public void Allowed_lateness_keeps_the_window_open_for_rewards_that_happened_inside_it()
    {
        var join = new RewardJoin(
            new FixedSurfaceDirectory(new() { ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(60), null) }),
            Options with { AllowedLateness = TimeSpan.FromSeconds(2) });
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);

        join.AdvanceTo(T0.AddSeconds(61), output);
        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(59.5)), T0.AddSeconds(61), output);

        Assert.Single(output.Examples);
    }

    [Fact]
    public void Reward_arriving_before_its_decision_is_held_and_joined_within_the_grace_period()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddReward(Reward("e1", "a", 1.0, T0.AddSeconds(1)), T0.AddSeconds(1), output);
        Assert.Equal(1, output.HeldRewards);
        Assert.Equal(1, join.HeldRewardCount);
        join.AdvanceTo(T0.AddSeconds(4), output);
        Assert.Empty(output.Rejections);

        join.AddDecision(Decision("e1", T0), output);

        Assert.Equal("a", Assert.Single(output.Examples).ItemId);
        Assert.Equal(0, join.HeldRewardCount);
    }

    [Fact]
    public void Reward_whose_decision_never_arrives_is_rejected_as_unknown_after_the_grace_period()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddReward(Reward("ghost", "a", 1.0, T0), T0, output);
        join.AddReward(Reward("ghost", "b", 1.0, T0.AddSeconds(3)), T0.AddSeconds(3), output);

        join.AdvanceTo(T0.AddSeconds(5), output);
        Assert.Equal(["a"], output.Rejections.Select(rejection => rejection.ItemId));
        join.AdvanceTo(T0.AddSeconds(8), output);

        Assert.Equal(2, output.Rejections.Count);
        Assert.All(output.Rejections, rejection => Assert.Equal(DeadLetterReasons.UnknownEvent, rejection.Reason));
        Assert.Equal(0, join.HeldRewardCount);
        Assert.False(join.IsKnownEvent("ghost"));
    }

    [Fact]
    public void Decision_for_an_unknown_surface_is_rejected_and_not_known()
    {
        var join = NewJoin();
        var output = new JoinOutput();

        join.AddDecision(Decision("e1", T0, "nowhere"), output);

        var rejection = Assert.Single(output.Rejections);
        Assert.Equal(DeadLetterReasons.UnknownSurface, rejection.Reason);
        Assert.Equal(JoinMessageKind.Decision, rejection.Message);
        Assert.False(join.IsKnownEvent("e1"));
    }

    [Fact]
    public void Repeated_decision_is_ignored_and_keeps_the_rewards_already_joined()
    {
        var join = NewJoin();
        var output = new JoinOutput();
        join.AddDecision(Decision("e1", T0), output);
        join.AddReward(Reward("e1", "a", 1.0, T0), T0, output);

        join.AddDecision(Decision("e1", T0), output);
        join.AddReward(Reward("e1", "a", 1.0, T0), T0, output);

        Assert.Equal(1, output.DuplicateDecisions);
        Assert.Equal(1, output.DuplicateRewards);
        Assert.Single(output.Examples);
    }

    /// <summary>
    /// The state of the round-trip test's join as written by the version that kept decisions as objects (256366c):
    /// open "open" (a rewarded), open sparse "sparse" (period 12), closed "closed" (a rewarded), a reward held for "early".
    /// </summary>
    private const string StateFromObjectJoin =
        "QlNSSgEAIEF3IkrfCAIAAAAEb3BlbgRob21lAGYEmyJK3wgBAAAAAAAAAAAAAAAAAAAAAAACAAAAAWEBAWIAAQMAAAAAAAA/AACAvwAAAEAGc3BhcnNlBGhvbWUAZgSbIkrfCAEAAAAAAAAAAAEMAAAAAAAAAAIAAAABYQABYgACAgAAAAMAAAAAEAAAAgAAADMzMz+amZk+AQAAAAZjbG9zZWQEaG9tZQCcaV8iSt8IAQAAAAAAAAAAAAAAAAAAAAAAAgAAAAFhAQFiAAEAAAAFZWFybHkBAAAAAWIAAAAAAADgPwAgQXciSt8IgBA8eiJK3wgCAAAACQk=";

    [Fact]
    public void A_state_written_before_decisions_were_held_as_plain_values_restores_and_is_written_back_the_same()
    {
        var directory = new FixedSurfaceDirectory(new() { ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(60), 0.0) });
        byte[] state = Convert.FromBase64String(StateFromObjectJoin);

        var restored = RewardJoin.FromBytes(state, directory, Options);
        using var written = new MemoryStream();
        long writtenLength = restored.WriteTo(written);

        Assert.Equal(state, restored.ToBytes());
        // What a checkpoint streams into its file is the same.
        Assert.Equal(state.Length, writtenLength);
        Assert.Equal(state, written.ToArray());
        Assert.Equal(2, restored.OpenDecisionCount);
        Assert.True(restored.IsKnownEvent("sparse"));
        Assert.False(restored.IsKnownEvent("closed"));
        var output = new JoinOutput();
        restored.AddReward(Reward("closed", "b", 1.0, T0), T0, output);
        Assert.Equal(DeadLetterReasons.LateReward, Assert.Single(output.Rejections).Reason);
        restored.AdvanceTo(T0.AddSeconds(60), output);
        var sparse = output.Examples.Where(example => example.EventId == "sparse").ToList();
        Assert.Equal(["a", "b"], sparse.Select(example => example.ItemId));
        Assert.All(sparse, example => Assert.Equal(12, example.Period));
        Assert.All(sparse, example => Assert.Equal([3, 4096], example.Features.Sparse!.Indices));
        Assert.Equal(["b"], output.Examples.Where(example => example.EventId == "open").Select(example => example.ItemId));
    }

    [Theory]
    [InlineData("sparse counts differ")]
    [InlineData("negative count")]
    [InlineData("count past the end")]
    [InlineData("invalid item id")]
    public void A_corrupted_state_is_refused_as_invalid_data(string corruption)
    {
        // Built from a valid state by changing one field, located by its neighbours.
        byte[] state = Convert.FromBase64String(StateFromObjectJoin);
        switch (corruption)
        {
            case "sparse counts differ":
                // The sparse vector: 2 indices (3, 4096) then 2 values; the values' count becomes 1 and the state is cut to fit.
                int values = IndexOf(state, [0x00, 0x10, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00]) + 4;
                state[values] = 1;
                state = [.. state[..(values + 8)], .. state[(values + 12)..]];
                break;
            case "negative count":
                // The first decision's item count (2, then item "a") becomes -1.
                state.AsSpan(IndexOf(state, [0x02, 0x00, 0x00, 0x00, 0x01, 0x61]), 4).Fill(0xFF);
                break;
            case "count past the end":
                state[IndexOf(state, [0x02, 0x00, 0x00, 0x00, 0x01, 0x61]) + 3] = 0x70;
                break;
            default:
                state[IndexOf(state, [0x01, 0x61]) + 1] = (byte)' ';
                break;
        }

        var join = NewJoin();
        Assert.Throws<InvalidDataException>(() => join.RestoreFrom(state));
        Assert.Equal(0, join.OpenDecisionCount);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "the state no longer has the expected layout");
        return at;
    }

    [Fact]
    public void State_round_trips_through_bytes_and_the_restored_join_behaves_the_same()
    {
        var directory = new FixedSurfaceDirectory(new() { ["home"] = new SurfaceJoinSettings(TimeSpan.FromSeconds(60), 0.0) });
        var join = new RewardJoin(directory, Options);
        var output = new JoinOutput();
        join.AddDecision(Decision("open", T0), output);
        join.AddDecision(Decision("sparse", T0) with { Features = null, SparseFeatures = new SparseFeatureVector { Indices = [3, 4096], Values = [0.7f, 0.3f] }, Period = 12 }, output);
        join.AddReward(Reward("open", "a", 1.0, T0), T0, output);
        join.AddDecision(Decision("closed", T0.AddSeconds(-100)), output);
        join.AddReward(Reward("closed", "a", 1.0, T0.AddSeconds(-99)), T0, output);
        join.AddReward(Reward("early", "b", 0.5, T0), T0, output, [9, 9]);
        join.AdvanceTo(T0, output);
        output.Clear();

        var restored = RewardJoin.FromBytes(join.ToBytes(), directory, Options);

        Assert.True(restored.IsKnownEvent("open"));
        Assert.False(restored.IsKnownEvent("closed"));
        Assert.Equal(1, restored.HeldRewardCount);
        restored.AddReward(Reward("open", "a", 1.0, T0), T0, output);
        Assert.Equal(1, output.DuplicateRewards);
        restored.AddReward(Reward("closed", "b", 1.0, T0), T0, output);
        Assert.Equal(DeadLetterReasons.LateReward, Assert.Single(output.Rejections).Reason);
        restored.AddDecision(Decision("early", T0), output);
        Assert.Equal("b", Assert.Single(output.Examples).ItemId);
        output.Clear();
        restored.AdvanceTo(T0.AddSeconds(60), output);
        var sparseDefaults = output.Examples.Where(example => example.EventId == "sparse").ToList();
        Assert.Equal(2, sparseDefaults.Count);
        Assert.All(sparseDefaults, example => Assert.Equal(12, example.Period));
        Assert.All(sparseDefaults, example => Assert.Equal([3, 4096], example.Features.Sparse!.Indices));
        Assert.All(sparseDefaults, example => Assert.Equal([0.7f, 0.3f], example.Features.Sparse!.Values));
        Assert.Equal(["b"], output.Examples.Where(example => example.EventId == "open").Select(example => example.ItemId));
        Assert.Equal([0.5f, -1f, 2f], output.Examples.Single(example => example.EventId == "open").Features.Dense!);
    }

    [Fact]
    public void Held_reward_keeps_its_original_value_across_a_restore_and_expires_on_time()
    {
        var directory = new FixedSurfaceDirectory([]);
        var join = new RewardJoin(directory, Options);
        var output = new JoinOutput();
        join.AddReward(Reward("ghost", "a", 1.0, T0), T0, output, [7, 8]);

        var restored = RewardJoin.FromBytes(join.ToBytes(), directory, Options);
        restored.AdvanceTo(T0.AddSeconds(4.9), output);
        Assert.Empty(output.Rejections);
        restored.AdvanceTo(T0.AddSeconds(5), output);

        Assert.Equal([7, 8], Assert.Single(output.Rejections).OriginalValue);
    }

    [Fact]
    public void Corrupt_state_is_refused()
    {
        var join = NewJoin();

        Assert.Throws<InvalidDataException>(() => join.RestoreFrom([1, 2, 3, 4, 5]));
        Assert.Throws<InvalidDataException>(() => join.RestoreFrom(NewJoin().ToBytes()[..6]));
    }
}
