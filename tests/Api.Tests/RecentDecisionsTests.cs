using BanditServe.Api.Surfaces;

namespace BanditServe.Api.Tests;

public sealed class RecentDecisionsTests
{
    [Fact]
    public void An_event_id_in_use_is_refused_until_its_window_ends_and_may_be_reused_after()
    {
        var clock = new ManualClock();
        var recent = new RecentDecisions(clock);

        Assert.True(recent.TryAdd("e1", TimeSpan.FromSeconds(10)));
        Assert.False(recent.TryAdd("e1", TimeSpan.FromSeconds(10)));
        Assert.True(recent.IsOpen("e1"));

        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.False(recent.IsOpen("e1"));
        Assert.True(recent.TryAdd("e1", TimeSpan.FromSeconds(10)));
        Assert.True(recent.IsOpen("e1"));
    }

    [Fact]
    public void Beyond_capacity_the_oldest_ids_are_forgotten_first()
    {
        var recent = new RecentDecisions(new ManualClock(), capacity: 3);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(recent.TryAdd($"e{i}", TimeSpan.FromMinutes(10)));
        }

        Assert.Equal([false, false, true, true, true], Enumerable.Range(0, 5).Select(i => recent.IsOpen($"e{i}")));
    }

    [Fact]
    public void Forgotten_ids_free_their_place_and_stale_queue_entries_do_not_evict_a_reused_id()
    {
        var clock = new ManualClock();
        var recent = new RecentDecisions(clock, capacity: 2);
        Assert.True(recent.TryAdd("a", TimeSpan.FromMinutes(10)));
        recent.Forget("a");
        Assert.False(recent.IsOpen("a"));
        clock.Advance(TimeSpan.FromSeconds(1));

        // "a" again (its first queue entry is stale now), then b: both fit the capacity of 2.
        Assert.True(recent.TryAdd("a", TimeSpan.FromMinutes(10)));
        Assert.True(recent.TryAdd("b", TimeSpan.FromMinutes(10)));
        Assert.True(recent.IsOpen("a"));
        Assert.True(recent.IsOpen("b"));

        // c overflows it: the oldest live id ("a") goes, once, and b and c stay.
        Assert.True(recent.TryAdd("c", TimeSpan.FromMinutes(10)));

        Assert.False(recent.IsOpen("a"));
        Assert.True(recent.IsOpen("b"));
        Assert.True(recent.IsOpen("c"));
    }

    [Fact]
    public void A_stale_queue_entry_does_not_evict_another_id_that_took_its_slot_with_the_same_deadline()
    {
        // The clock stands still, so the forgotten id's queue entry and the new id's have the same deadline;
        // only the slot's generation tells them apart.
        var recent = new RecentDecisions(new ManualClock(), capacity: 2);
        Assert.True(recent.TryAdd("a", TimeSpan.FromMinutes(10)));
        Assert.True(recent.TryAdd("c", TimeSpan.FromMinutes(10)));
        recent.Forget("a");
        Assert.True(recent.TryAdd("b", TimeSpan.FromMinutes(10)));

        Assert.True(recent.TryAdd("x", TimeSpan.FromMinutes(10)));

        Assert.False(recent.IsOpen("c"));
        Assert.True(recent.IsOpen("b"));
        Assert.True(recent.IsOpen("x"));
    }

    [Fact]
    public void After_an_idle_spell_expired_ids_make_room_and_the_capacity_still_holds()
    {
        var clock = new ManualClock();
        var recent = new RecentDecisions(clock, capacity: 1000);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(recent.TryAdd($"old{i}", TimeSpan.FromSeconds(1)));
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(recent.TryAdd($"new{i}", TimeSpan.FromMinutes(10)));
        }

        Assert.All(Enumerable.Range(0, 1000), i => Assert.True(recent.IsOpen($"new{i}")));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.False(recent.IsOpen($"old{i}")));
        Assert.True(recent.TryAdd("old0", TimeSpan.FromMinutes(10)));
        Assert.False(recent.IsOpen("new0"));
    }

    [Fact]
    public void Concurrent_adds_of_distinct_ids_keep_exactly_the_newest_capacity_worth()
    {
        const int capacity = 1000;
        var recent = new RecentDecisions(new ManualClock(), capacity);
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5000; i++)
            {
                Assert.True(recent.TryAdd($"w{worker}-{i}", TimeSpan.FromMinutes(10)));
            }
        });

        var open = Enumerable.Range(0, 8).SelectMany(worker => Enumerable.Range(0, 5000).Select(i => $"w{worker}-{i}")).Count(recent.IsOpen);
        Assert.InRange(open, capacity - 8, capacity);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
