using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>
/// Joins rewards to the decisions they belong to (API.md, "Rewards", learning semantics). Pure logic:
/// time is given explicitly, so the join is deterministic and testable. Only <see cref="AdvanceTo"/>
/// moves the join clock: the consumer drives it with a watermark of all partitions, so a fast
/// partition cannot close windows whose rewards still wait in a slower one.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The first reward for an (eventId, itemId) pair inside the window becomes an example at once;
/// later ones are ignored and counted.</item>
/// <item>A reward for an item the decision did not show, or one whose <c>at</c> is after the window,
/// is refused with a reason.</item>
/// <item>When the clock passes a window's deadline (plus <see cref="RewardJoinOptions.AllowedLateness"/>),
/// shown items without a reward become examples with the surface's default reward (none when it is null).</item>
/// <item>A reward that arrives before its decision is held for <see cref="RewardJoinOptions.RewardGrace"/>,
/// then refused as an unknown event.</item>
/// </list>
/// All members are thread-safe (one lock), so the API may ask <see cref="IsKnownEvent"/> while the
/// consumer thread feeds the join.
/// </remarks>
public sealed partial class RewardJoin
{
    private readonly Lock _gate = new();
    private readonly ISurfaceDirectory _surfaces;
    private readonly RewardJoinOptions _options;
    private readonly Dictionary<string, List<HeldReward>> _held = new(StringComparer.Ordinal);
    private readonly PriorityQueue<RecordTicket, long> _closeQueue = new();
    private readonly PriorityQueue<RecordTicket, long> _forgetQueue = new();
    private readonly PriorityQueue<string, DateTimeOffset> _heldQueue = new();
    private readonly IdInterner _ids = new();
    private DecisionTable _decisions = new();
    private DateTimeOffset _now = DateTimeOffset.MinValue;
    private int _heldCount;

    /// <summary>Creates an empty join.</summary>
    public RewardJoin(ISurfaceDirectory surfaces, RewardJoinOptions options)
    {
        ArgumentNullException.ThrowIfNull(surfaces);
        ArgumentNullException.ThrowIfNull(options);
        _surfaces = surfaces;
        _options = options;
    }

    /// <summary>Where this join looks surfaces up; the consumer asks it to refresh a surface it does not know yet.</summary>
    public ISurfaceDirectory Surfaces => _surfaces;

    /// <summary>Decisions whose window is open.</summary>
    public int OpenDecisionCount
    {
        get
        {
            lock (_gate)
            {
                return _decisions.OpenCount;
            }
        }
    }

    /// <summary>Closed decisions remembered so that later rewards for them are refused as late and duplicates ignored.</summary>
    public int ClosedDecisionCount
    {
        get
        {
            lock (_gate)
            {
                return _decisions.ClosedCount;
            }
        }
    }

    /// <summary>Rewards waiting for their decision.</summary>
    public int HeldRewardCount
    {
        get
        {
            lock (_gate)
            {
                return _heldCount;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="eventId"/> is a decision this join has seen whose reward window is
    /// still open (API.md: otherwise a posted reward is answered <c>404</c>).
    /// </summary>
    public bool IsKnownEvent(string eventId)
    {
        lock (_gate)
        {
            int r = _decisions.Find(eventId);
            return r >= 0 && _decisions.State(r) == DecisionState.Open;
        }
    }

    /// <summary>Adds a decision, joining any rewards held for it.</summary>
    /// <param name="decision">A validated decision.</param>
    /// <param name="output">Receives examples and rejections.</param>
    /// <param name="originalValue">The consumed message value, kept for the dead-letter topic.</param>
    public void AddDecision(DecisionMessage decision, JoinOutput output, byte[]? originalValue = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(output);
        lock (_gate)
        {
            if (_decisions.Find(decision.EventId) >= 0)
            {
                output.DuplicateDecisions++;
                return;
            }

            if (!_surfaces.TryGetSurface(decision.Surface, out var settings))
            {
                output.Rejections.Add(new JoinRejection(
                    DeadLetterReasons.UnknownSurface, $"surface '{decision.Surface}' is unknown",
                    JoinMessageKind.Decision, decision.EventId, null, originalValue));
                return;
            }

            int r = _decisions.Add(
                decision.EventId, decision.Surface, (decision.At + settings.RewardWindow).UtcTicks, settings.DefaultReward,
                decision.Period, decision.Items, decision.Features, decision.SparseFeatures);
            ScheduleClose(r);

            if (_held.Remove(decision.EventId, out var held))
            {
                _heldCount -= held.Count;
                foreach (var reward in held)
                {
                    Join(r, reward.Reward, reward.OriginalValue, output);
                }
            }
        }
    }

    /// <summary>Adds a reward: joins it, holds it for its decision, or refuses it.</summary>
    /// <param name="reward">A validated reward.</param>
    /// <param name="arrivedAt">When the reward arrived; a held reward waits <see cref="RewardJoinOptions.RewardGrace"/> from then.</param>
    /// <param name="output">Receives examples and rejections.</param>
    /// <param name="originalValue">The consumed message value, kept for the dead-letter topic.</param>
    public void AddReward(RewardMessage reward, DateTimeOffset arrivedAt, JoinOutput output, byte[]? originalValue = null)
    {
        ArgumentNullException.ThrowIfNull(reward);
        ArgumentNullException.ThrowIfNull(output);
        lock (_gate)
        {
            int r = _decisions.Find(reward.EventId);
            if (r >= 0 && _decisions.State(r) == DecisionState.Open)
            {
                Join(r, reward, originalValue, output);
                return;
            }

            if (r >= 0)
            {
                int item = _decisions.FindItem(r, reward.ItemId);
                if (item < 0)
                {
                    RejectNotShown(reward, originalValue, output);
                }
                else if (_decisions.IsRewarded(r, item))
                {
                    output.DuplicateRewards++;
                }
                else
                {
                    output.Rejections.Add(new JoinRejection(
                        DeadLetterReasons.LateReward,
                        $"the reward window of event '{reward.EventId}' closed at {_decisions.Deadline(r):O}",
                        JoinMessageKind.Reward, reward.EventId, reward.ItemId, originalValue));
                }

                return;
            }

            var expiresAt = (arrivedAt > _now ? arrivedAt : _now) + _options.RewardGrace;
            if (!_held.TryGetValue(reward.EventId, out var waiting))
            {
                waiting = [];
                _held.Add(reward.EventId, waiting);
            }

            waiting.Add(new HeldReward(reward, expiresAt, originalValue));
            _heldQueue.Enqueue(reward.EventId, expiresAt);
            _heldCount++;
            output.HeldRewards++;
        }
    }

    /// <summary>
    /// Moves the join clock to <paramref name="now"/>: closes the windows that have ended (emitting
    /// default rewards) and refuses held rewards whose grace has run out.
    /// </summary>
    public void AdvanceTo(DateTimeOffset now, JoinOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_gate)
        {
            Tick(now);
            CloseEndedWindows(output);
            ExpireHeldRewards(output);
            ForgetOldEvents();
        }
    }

    private void Tick(DateTimeOffset now)
    {
        // The clock never goes back: a late timestamp must not reopen what has been decided.
        if (now > _now)
        {
            _now = now;
        }
    }

    private void ScheduleClose(int r) =>
        _closeQueue.Enqueue(new RecordTicket(r, _decisions.Generation(r)), (_decisions.Deadline(r) + _options.AllowedLateness).UtcTicks);

    private void Remember(int r)
    {
        _decisions.Close(r);
        ScheduleForget(r);
    }

    private void ScheduleForget(int r) =>
        _forgetQueue.Enqueue(new RecordTicket(r, _decisions.Generation(r)), (_decisions.Deadline(r) + _options.ClosedEventRetention).UtcTicks);

    private bool IsCurrent(RecordTicket ticket, DecisionState state) =>
        _decisions.Generation(ticket.Record) == ticket.Generation && _decisions.State(ticket.Record) == state;

    private void Join(int r, RewardMessage reward, byte[]? originalValue, JoinOutput output)
    {
        int item = _decisions.FindItem(r, reward.ItemId);
        if (item < 0)
        {
            RejectNotShown(reward, originalValue, output);
            return;
        }

        if (_decisions.IsRewarded(r, item))
        {
            output.DuplicateRewards++;
            return;
        }

        var deadline = _decisions.Deadline(r);
        if (reward.At > deadline)
        {
            output.Rejections.Add(new JoinRejection(
                DeadLetterReasons.LateReward,
                $"reward at {reward.At:O} is after the reward window of event '{reward.EventId}' ended at {deadline:O}",
                JoinMessageKind.Reward, reward.EventId, reward.ItemId, originalValue));
            return;
        }

        _decisions.MarkRewarded(r, item);
        output.Examples.Add(new JoinedExample(
            _decisions.Surface(r), reward.EventId, reward.ItemId, _decisions.Features(r), reward.Reward, reward.At, IsDefaultReward: false,
            _decisions.Period(r)));
    }

    private static void RejectNotShown(RewardMessage reward, byte[]? originalValue, JoinOutput output) =>
        output.Rejections.Add(new JoinRejection(
            DeadLetterReasons.ItemNotShown,
            $"event '{reward.EventId}' did not show item '{reward.ItemId}'",
            JoinMessageKind.Reward, reward.EventId, reward.ItemId, originalValue));

    private void CloseEndedWindows(JoinOutput output)
    {
        while (_closeQueue.TryPeek(out var ticket, out long closesAt) && closesAt <= _now.UtcTicks)
        {
            _closeQueue.Dequeue();
            if (!IsCurrent(ticket, DecisionState.Open))
            {
                continue;
            }

            int r = ticket.Record;
            if (_decisions.DefaultReward(r) is { } defaultReward)
            {
                EmitDefaultRewards(r, defaultReward, output);
            }

            Remember(r);
        }
    }

    private void EmitDefaultRewards(int r, double defaultReward, JoinOutput output)
    {
        // One event id string and one context per closed decision, shared by its examples.
        string? eventId = null;
        ContextFeatures? features = null;
        string surface = _decisions.Surface(r);
        var deadline = _decisions.Deadline(r);
        var period = _decisions.Period(r);
        int cursor = 0;
        while (_decisions.NextItem(r, ref cursor, out var itemId, out bool rewarded))
        {
            if (!rewarded)
            {
                eventId ??= _decisions.EventId(r).ToString();
                features ??= _decisions.Features(r);
                output.Examples.Add(new JoinedExample(
                    surface, eventId, _ids.Intern(itemId), features, defaultReward, deadline, IsDefaultReward: true, period));
            }
        }
    }

    private void ExpireHeldRewards(JoinOutput output)
    {
        while (_heldQueue.TryPeek(out var eventId, out var expiresAt) && expiresAt <= _now)
        {
            _heldQueue.Dequeue();
            if (!_held.TryGetValue(eventId, out var waiting))
            {
                continue;
            }

            int expired = 0;
            foreach (var held in waiting)
            {
                if (held.ExpiresAt > _now)
                {
                    break;
                }

                output.Rejections.Add(new JoinRejection(
                    DeadLetterReasons.UnknownEvent,
                    $"no decision for event '{held.Reward.EventId}' arrived within {_options.RewardGrace.TotalSeconds:0.###} s",
                    JoinMessageKind.Reward, held.Reward.EventId, held.Reward.ItemId, held.OriginalValue));
                expired++;
            }

            // Held rewards of one event are in arrival order, so the expired ones are a prefix.
            waiting.RemoveRange(0, expired);
            _heldCount -= expired;
            if (waiting.Count == 0)
            {
                _held.Remove(eventId);
            }
        }
    }

    private void ForgetOldEvents()
    {
        // The queue is in deadline order, so past the capacity the oldest closed events go first.
        while (_forgetQueue.TryPeek(out var ticket, out long forgetAt)
            && (forgetAt <= _now.UtcTicks || _decisions.ClosedCount > _options.ClosedEventCapacity))
        {
            _forgetQueue.Dequeue();
            if (IsCurrent(ticket, DecisionState.Closed))
            {
                _decisions.Remove(ticket.Record);
            }
        }
    }

    /// <summary>A queued record, valid while the record keeps this generation.</summary>
    private readonly record struct RecordTicket(int Record, int Generation);
}
