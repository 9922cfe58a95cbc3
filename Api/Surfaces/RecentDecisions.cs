using BanditServe.Streaming.Collections;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Event ids this server answered recently, with the end of their reward window. Lets
/// <c>POST /v1/rewards</c> accept a reward for a decision the Kafka consumer has not read back yet,
/// and lets rank refuse a client-supplied eventId that is already in use (409).
/// </summary>
/// <remarks>
/// Bounded: beyond <see cref="Capacity"/> entries the oldest are forgotten first; rewards for them
/// are still checked against the reward join's pending decisions. Ids and deadlines are plain values in a
/// <see cref="CharKeyTable{TValue}"/> and a queue of structs: one string and one dictionary node per rank,
/// kept for the reward window, were a large part of what every garbage collection copied (docs/performance.md,
/// "Ninth pass"). One lock: each call holds it for a hash lookup and, for adds, a copy of the id.
/// </remarks>
public sealed class RecentDecisions(TimeProvider time, int capacity = 1_000_000)
{
    /// <summary>Expired entries an add removes at most (more than one, so the backlog shrinks while traffic lasts).</summary>
    private const int ExpiredPerAdd = 64;

    private readonly Lock _gate = new();
    private readonly CharKeyTable<long> _deadlines = new();
    private readonly Queue<Expiry> _order = new();

    public int Capacity { get; } = capacity;

    /// <summary>Records an event id; false when it is already in use.</summary>
    public bool TryAdd(string eventId, TimeSpan rewardWindow)
    {
        var now = time.GetUtcNow().UtcTicks;
        var deadline = now + rewardWindow.Ticks;
        lock (_gate)
        {
            int slot = _deadlines.Find(eventId);
            if (slot >= 0)
            {
                ref long existing = ref _deadlines.Value(slot);
                if (existing >= now)
                {
                    return false;
                }

                // Reuse of an expired id: it keeps its slot with the new deadline; its old queue entry is now stale.
                existing = deadline;
            }
            else
            {
                slot = _deadlines.Add(eventId, deadline);
            }

            _order.Enqueue(new Expiry(slot, _deadlines.Generation(slot), deadline));
            Trim(now);
            return true;
        }
    }

    /// <summary>Forgets an event id whose rank failed, so the client may retry with it.</summary>
    public void Forget(string eventId)
    {
        lock (_gate)
        {
            int slot = _deadlines.Find(eventId);
            if (slot >= 0)
            {
                _deadlines.Remove(slot);
            }
        }
    }

    /// <summary>True when the event was answered here and its reward window is still open.</summary>
    public bool IsOpen(string eventId)
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (_gate)
        {
            int slot = _deadlines.Find(eventId);
            return slot >= 0 && _deadlines.Value(slot) >= now;
        }
    }

    private void Trim(long now)
    {
        // Expired entries go a few per add, so an add after an idle spell does not hold the lock for all of them;
        // over capacity, entries go until it fits (one per add in steady state).
        int expiredBudget = ExpiredPerAdd;
        while (_order.TryPeek(out var head) && (_deadlines.Count > Capacity || (head.Deadline < now && expiredBudget-- > 0)))
        {
            _order.Dequeue();

            // Removes the entry only if it still holds this deadline (a reused id keeps its newer one, a forgotten
            // id's slot may hold another id by now).
            if (_deadlines.Holds(head.Slot, head.Generation) && _deadlines.Value(head.Slot) == head.Deadline)
            {
                _deadlines.Remove(head.Slot);
            }
        }
    }

    private readonly record struct Expiry(int Slot, int Generation, long Deadline);
}
