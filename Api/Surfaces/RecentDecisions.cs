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

        _order.Enqueue((eventId, deadline));
        Trim(now);
        return true;
    }

    /// <summary>Forgets an event id whose rank failed, so the client may retry with it.</summary>
    public void Forget(string eventId) => _deadlines.TryRemove(eventId, out _);

    /// <summary>True when the event was answered here and its reward window is still open.</summary>
    public bool IsOpen(string eventId) =>
        _deadlines.TryGetValue(eventId, out var deadline) && deadline >= time.GetUtcNow().UtcTicks;

    private void Trim(long now)
    {
        while (_order.TryPeek(out var head) && (head.Deadline < now || _deadlines.Count > Capacity))
        {
            if (!_order.TryDequeue(out head))
            {
                break;
            }

            if (_deadlines.TryGetValue(head.EventId, out var current) && current == head.Deadline)
            {
                _deadlines.TryRemove(head.EventId, out _);
            }
        }
    }
}
