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
    private readonly Dictionary<string, JoinEntry> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JoinEntry> _closed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<HeldReward>> _held = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _closeQueue = new();
    private readonly PriorityQueue<string, DateTimeOffset> _forgetQueue = new();
    private readonly PriorityQueue<string, DateTimeOffset> _heldQueue = new();
    private readonly IdInterner _ids = new();
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
                return _open.Count;
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
            return _open.ContainsKey(eventId);
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
            if (_open.ContainsKey(decision.EventId) || _closed.ContainsKey(decision.EventId))
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

            var entry = new JoinEntry
            {
                EventId = decision.EventId,
                Surface = _ids.Intern(decision.Surface),
                Deadline = decision.At + settings.RewardWindow,
                DefaultReward = settings.DefaultReward,
                Period = decision.Period,
                ItemIds = SharedItemIds(decision.Items),
                Rewarded = new bool[decision.Items.Length],
                Features = ContextFeatures.Of(decision),
            };
            Open(entry);

            if (_held.Remove(decision.EventId, out var held))
            {
                _heldCount -= held.Count;
                foreach (var reward in held)
                {
                    Join(entry, reward.Reward, reward.OriginalValue, output);
                }
            }
        }
    }

    private string[] SharedItemIds(DecisionItem[] items)
    {
        var ids = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            ids[i] = _ids.Intern(items[i].ItemId);
        }

        return ids;
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
            if (_open.TryGetValue(reward.EventId, out var open))
            {
                Join(open, reward, originalValue, output);
                return;
            }

            if (_closed.TryGetValue(reward.EventId, out var closed))
            {
                int index = closed.IndexOf(reward.ItemId);
                if (index < 0)
                {
                    RejectNotShown(reward, originalValue, output);
                }
                else if (closed.Rewarded[index])
                {
                    output.DuplicateRewards++;
                }
                else
                {
                    output.Rejections.Add(new JoinRejection(
                        DeadLetterReasons.LateReward,
                        $"the reward window of event '{reward.EventId}' closed at {closed.Deadline:O}",
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

    private void Open(JoinEntry entry)
    {
        _open.Add(entry.EventId, entry);
        _closeQueue.Enqueue(entry.EventId, entry.Deadline + _options.AllowedLateness);
    }

    private void Remember(JoinEntry entry)
    {
        entry.Features = ContextFeatures.None;
        _closed[entry.EventId] = entry;
        _forgetQueue.Enqueue(entry.EventId, entry.Deadline + _options.ClosedEventRetention);
    }

    private static void Join(JoinEntry entry, RewardMessage reward, byte[]? originalValue, JoinOutput output)
    {
        int index = entry.IndexOf(reward.ItemId);
        if (index < 0)
        {
            RejectNotShown(reward, originalValue, output);
            return;
        }

        if (entry.Rewarded[index])
        {
            output.DuplicateRewards++;
            return;
        }

        if (reward.At > entry.Deadline)
        {
            output.Rejections.Add(new JoinRejection(
                DeadLetterReasons.LateReward,
                $"reward at {reward.At:O} is after the reward window of event '{reward.EventId}' ended at {entry.Deadline:O}",
                JoinMessageKind.Reward, reward.EventId, reward.ItemId, originalValue));
            return;
        }

        entry.Rewarded[index] = true;
        output.Examples.Add(new JoinedExample(
            entry.Surface, entry.EventId, reward.ItemId, entry.Features, reward.Reward, reward.At, IsDefaultReward: false, entry.Period));
    }

    private static void RejectNotShown(RewardMessage reward, byte[]? originalValue, JoinOutput output) =>
        output.Rejections.Add(new JoinRejection(
            DeadLetterReasons.ItemNotShown,
            $"event '{reward.EventId}' did not show item '{reward.ItemId}'",
            JoinMessageKind.Reward, reward.EventId, reward.ItemId, originalValue));

    private void CloseEndedWindows(JoinOutput output)
    {
        while (_closeQueue.TryPeek(out var eventId, out var closesAt) && closesAt <= _now)
        {
            _closeQueue.Dequeue();
            if (!_open.Remove(eventId, out var entry))
            {
                continue;
            }

            if (entry.DefaultReward is { } defaultReward)
            {
                for (int i = 0; i < entry.ItemIds.Length; i++)
                {
                    if (!entry.Rewarded[i])
                    {
                        output.Examples.Add(new JoinedExample(
                            entry.Surface, entry.EventId, entry.ItemIds[i], entry.Features, defaultReward, entry.Deadline,
                            IsDefaultReward: true, entry.Period));
                    }
                }
            }

            Remember(entry);
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
        while (_forgetQueue.TryPeek(out var eventId, out var forgetAt) && forgetAt <= _now)
        {
            _forgetQueue.Dequeue();
            _closed.Remove(eventId);
        }
    }
}
