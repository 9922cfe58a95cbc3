using System.Collections.Concurrent;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Event ids this server answered recently, with the end of their reward window. Lets
/// <c>POST /v1/rewards</c> accept a reward for a decision the Kafka consumer has not read back yet,
/// and lets rank refuse a client-supplied eventId that is already in use (409).
/// </summary>
/// <remarks>
/// Bounded: beyond <see cref="Capacity"/> entries the oldest are forgotten first; rewards for them
/// are still checked against the reward join's pending decisions.
/// </remarks>
public sealed class RecentDecisions(TimeProvider time, int capacity = 1_000_000)
{
    private readonly ConcurrentDictionary<string, long> _deadlines = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string EventId, long Deadline)> _order = new();

    // ConcurrentDictionary.Count takes every bucket lock; on the rank path that serialised all requests.
    private int _count;

    public int Capacity { get; } = capacity;

    /// <summary>Records an event id; false when it is already in use.</summary>
    public bool TryAdd(string eventId, TimeSpan rewardWindow)
    {
        var now = time.GetUtcNow().UtcTicks;
        var deadline = now + rewardWindow.Ticks;
        if (!_deadlines.TryAdd(eventId, deadline))
        {
            // Reuse of an expired id: TryUpdate lets only one of two racing requests win it.
            if (_deadlines.TryGetValue(eventId, out var existing) && existing < now && _deadlines.TryUpdate(eventId, deadline, existing))
            {
                _order.Enqueue((eventId, deadline));
                return true;
            }

            return false;
        }

        Interlocked.Increment(ref _count);
        _order.Enqueue((eventId, deadline));
        Trim(now);
        return true;
    }

    /// <summary>Forgets an event id whose rank failed, so the client may retry with it.</summary>
    public void Forget(string eventId)
    {
        if (_deadlines.TryRemove(eventId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>True when the event was answered here and its reward window is still open.</summary>
    public bool IsOpen(string eventId) =>
        _deadlines.TryGetValue(eventId, out var deadline) && deadline >= time.GetUtcNow().UtcTicks;

    private void Trim(long now)
    {
        while (_order.TryPeek(out var head) && (head.Deadline < now || Volatile.Read(ref _count) > Capacity))
        {
            if (!_order.TryDequeue(out head))
            {
                break;
            }

            // Removes the entry only if it still holds this deadline (a reused id keeps its newer one).
            if (_deadlines.TryRemove(new KeyValuePair<string, long>(head.EventId, head.Deadline)))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }
}
