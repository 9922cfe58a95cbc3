using BanditServe.Api.Contracts;
using BanditServe.Api.Dashboard;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;

namespace BanditServe.Api.Tests.Dashboard;

/// <summary>
/// The explanation memory is a ring of reused slots: the newest <see cref="DashboardOptions.ExplanationCapacity"/>
/// decisions of all surfaces, oldest forgotten first, rewards attached to the slot an event id points at now.
/// </summary>
public sealed class DecisionExplanationsRingTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_newest_decisions_are_kept_newest_first_and_the_oldest_are_forgotten()
    {
        var (explanations, home) = Create(capacity: 3);
        var other = Runtime("other");

        for (var i = 1; i <= 5; i++)
        {
            Rank(explanations, i == 3 ? other : home, $"e{i}", i);
        }

        Assert.Equal(3, explanations.Count);
        Assert.Equal(["e5", "e4"], explanations.Recent("home", 10).Select(d => d.EventId));
        Assert.Equal(["e3"], explanations.Recent("other", 10).Select(d => d.EventId));
        Assert.Equal(["e5"], explanations.Recent("home", 1).Select(d => d.EventId));
        Assert.All(explanations.Recent("home", 10), d => Assert.Equal(2, d.ItemIds.Count));
        Assert.Equal(Epoch.AddSeconds(5), explanations.Recent("home", 1)[0].At);
    }

    [Fact]
    public void Rewards_reach_the_slot_an_event_id_points_at_and_not_a_forgotten_or_overwritten_one()
    {
        var (explanations, home) = Create(capacity: 3);
        for (var i = 1; i <= 5; i++)
        {
            Rank(explanations, home, $"e{i}", i);
        }

        // e4 is decided again (its id reused after its window): the new decision takes the slot e3 had; then e6
        // overwrites the old e4's slot, which must not take the new e4's entry with it.
        Rank(explanations, home, "e4", 6);
        Rank(explanations, home, "e6", 7);
        explanations.RecordReward("home", "e4", "a", 1.0, false, Epoch.AddSeconds(8));
        explanations.RecordReward("home", "e2", "a", 1.0, false, Epoch.AddSeconds(8));
        explanations.RecordReward("other", "e6", "a", 1.0, false, Epoch.AddSeconds(8));

        var recent = explanations.Recent("home", 10);
        Assert.Equal(["e6", "e4", "e5"], recent.Select(d => d.EventId));
        Assert.Equal([0, 1, 0], recent.Select(d => d.Rewards));
        Assert.Equal(Epoch.AddSeconds(6), recent[1].At);
        Assert.Equal((2L, 2.0), (explanations.TotalsOf("home").Count, explanations.TotalsOf("home").Sum));
    }

    [Fact]
    public void A_reused_slot_holds_only_the_new_decisions_items_and_rewards()
    {
        var (explanations, home) = Create(capacity: 1);
        Rank(explanations, home, "first", 1, slots: 2);
        explanations.RecordReward("home", "first", "a", 1.0, false, Epoch);

        Rank(explanations, home, "second", 2, slots: 1);

        var only = Assert.Single(explanations.Recent("home", 10));
        Assert.Equal("second", only.EventId);
        Assert.Single(only.ItemIds);
        Assert.Equal(0, only.Rewards);
    }

    [Fact]
    public void Over_many_wraps_with_reused_ids_the_ring_lists_the_newest_decisions_and_rewards_find_the_newest_of_each_id()
    {
        const int capacity = 40;
        var (explanations, home) = Create(capacity);
        var random = new Random(17);
        var decided = new List<string>();
        var rewards = new Dictionary<int, int>();
        for (var i = 1; i <= 3_000; i++)
        {
            // Ids from a small pool, so most are reused while an older decision with the same id is still kept.
            string eventId = $"e{random.Next(60)}";
            Rank(explanations, home, eventId, i);
            decided.Add(eventId);
            if (random.Next(4) == 0)
            {
                string rewarded = $"e{random.Next(60)}";
                explanations.RecordReward("home", rewarded, "a", 1.0, false, Epoch.AddSeconds(i));
                int newest = decided.LastIndexOf(rewarded);
                if (newest >= decided.Count - capacity)
                {
                    rewards[newest] = rewards.GetValueOrDefault(newest) + 1;
                }
            }
        }

        var kept = Enumerable.Range(decided.Count - capacity, capacity).Reverse().ToList();
        var recent = explanations.Recent("home", 100);
        Assert.Equal(kept.Select(i => decided[i]), recent.Select(d => d.EventId));
        Assert.Equal(kept.Select(i => Epoch.AddSeconds(i + 1)), recent.Select(d => d.At));
        Assert.Equal(kept.Select(i => rewards.GetValueOrDefault(i)), recent.Select(d => d.Rewards));
    }

    private static (DecisionExplanations Explanations, SurfaceRuntime Home) Create(int capacity) =>
        (new DecisionExplanations(Microsoft.Extensions.Options.Options.Create(new DashboardOptions { ExplanationCapacity = capacity })), Runtime("home"));

    private static SurfaceRuntime Runtime(string id)
    {
        var runtime = new SurfaceRuntime(id, new SurfaceSettings(2, SurfacePolicies.DiagLinUcb, 1, 0.1, 1, 1, 600, 0, null), 1);
        SurfaceAdministration.ApplyItem(runtime, "a", true);
        SurfaceAdministration.ApplyItem(runtime, "b", true);
        return runtime;
    }

    private static void Rank(DecisionExplanations explanations, SurfaceRuntime runtime, string eventId, int second, int slots = 2)
    {
        var context = FeatureVector.Dense([1f, 0.5f], 2);
        var outcome = runtime.Linear!.Rank(context, null, null, slots, (ulong)second);
        explanations.RecordRanking(runtime, eventId, Epoch.AddSeconds(second), new RankRequest { Features = [1f, 0.5f] }, outcome, context);
    }
}
