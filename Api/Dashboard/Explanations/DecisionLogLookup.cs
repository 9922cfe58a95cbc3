using System.Collections.Concurrent;
using BanditServe.Storage;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// Finds a decision in the decision log when this process no longer holds it (evicted, made before a
/// restart, or by another replica), and the rewards the learner joined to it.
/// </summary>
/// <remarks>
/// The log is indexed by surface and time, not by event id, so the search reads bounded time ranges:
/// first around the <c>at</c> hint (± <see cref="HintTolerance"/>), then around the time inside a
/// server-generated (UUID version 7) event id, then backwards from now in one-hour ranges for
/// <see cref="DashboardOptions.ExplanationLogSearchHours"/>; it stops at the first match or after
/// <see cref="DashboardOptions.ExplanationLogScanLimit"/> rows. One search runs at a time. Found
/// decisions are remembered (a bounded set), and so are their rewards once the reward window has closed.
/// </remarks>
public sealed class DecisionLogLookup(IBanditStore store, TimeProvider time, IOptions<DashboardOptions> options)
{
    /// <summary>How far from an <c>at</c> hint the decision may lie.</summary>
    public static readonly TimeSpan HintTolerance = TimeSpan.FromMinutes(15);

    /// <summary>How far from the time in a version-7 event id the decision may lie (the id is made just before the decision time is read).</summary>
    public static readonly TimeSpan EventIdTimeTolerance = TimeSpan.FromMinutes(1);

    /// <summary>Rewards are read from this long before the decision (client clocks) to this long after its window (log flush).</summary>
    public static readonly TimeSpan RewardSlack = TimeSpan.FromMinutes(5);

    private const int RememberedDecisions = 1024;
    private static readonly TimeSpan SearchRange = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _oneSearch = new(1, 1);
    private readonly ConcurrentDictionary<(string Surface, string EventId), Found> _found = new();
    private readonly DashboardOptions _options = options.Value;

    /// <summary>The logged decision with its learned rewards, or null with where the search looked.</summary>
    public async Task<(DecisionRecord? Decision, IReadOnlyList<RewardRecord> Rewards, DecisionLogSearch Search)> FindAsync(
        string surface, string eventId, DateTimeOffset? around, int rewardWindowSeconds, CancellationToken cancellationToken)
    {
        var key = (surface, eventId);
        var now = time.GetUtcNow();
        if (!_found.TryGetValue(key, out var found))
        {
            var (decision, search) = await SearchAsync(surface, eventId, around, now, cancellationToken);
            if (decision is null)
            {
                return (null, [], search);
            }

            found = new Found(decision, null);
            Remember(key, found);
        }

        if (found.Rewards is { } rewards)
        {
            return (found.Decision, rewards, default);
        }

        var windowEnd = found.Decision.At + TimeSpan.FromSeconds(rewardWindowSeconds) + RewardSlack;
        var read = await ReadRewardsAsync(found.Decision, windowEnd, cancellationToken);
        if (now > windowEnd)
        {
            // Nothing joins after the window: the rewards are final.
            Remember(key, found with { Rewards = read });
        }

        return (found.Decision, read, default);
    }

    private async Task<(DecisionRecord?, DecisionLogSearch)> SearchAsync(
        string surface, string eventId, DateTimeOffset? around, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ranges = new List<(DateTimeOffset From, DateTimeOffset To)>();
        if (around is { } hint)
        {
            ranges.Add(Around(hint, HintTolerance));
        }

        if (TimeOfVersion7(eventId) is { } created)
        {
            ranges.Add(Around(created, EventIdTimeTolerance));
        }

        // Newest first: an explanation is most often asked for a recent decision.
        var end = now + EventIdTimeTolerance;
        var oldest = now - TimeSpan.FromHours(_options.ExplanationLogSearchHours);
        for (var to = end; to > oldest; to -= SearchRange)
        {
            ranges.Add((to - SearchRange < oldest ? oldest : to - SearchRange, to));
        }

        await _oneSearch.WaitAsync(cancellationToken);
        try
        {
            long scanned = 0;
            var from = ranges.Count == 0 ? now : ranges.Min(r => r.From);
            var until = ranges.Count == 0 ? now : ranges.Max(r => r.To);
            foreach (var (rangeFrom, rangeTo) in ranges)
            {
                await foreach (var decision in store.ReadDecisionsAsync(surface, rangeFrom, rangeTo, cancellationToken))
                {
                    if (decision.EventId == eventId)
                    {
                        return (decision, default);
                    }

                    if (++scanned >= _options.ExplanationLogScanLimit)
                    {
                        return (null, new DecisionLogSearch(from, until, scanned, true));
                    }
                }
            }

            return (null, new DecisionLogSearch(from, until, scanned, false));
        }
        finally
        {
            _oneSearch.Release();
        }
    }

    private async Task<IReadOnlyList<RewardRecord>> ReadRewardsAsync(DecisionRecord decision, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var rewards = new List<RewardRecord>();
        long scanned = 0;
        await foreach (var reward in store.ReadRewardsAsync(decision.Surface, decision.At - RewardSlack, windowEnd, cancellationToken))
        {
            if (reward.EventId == decision.EventId && reward.Outcome is RewardOutcome.Applied or RewardOutcome.DefaultApplied)
            {
                rewards.Add(reward);
            }

            if (++scanned >= _options.ExplanationLogScanLimit)
            {
                break;
            }
        }

        return rewards;
    }

    private void Remember((string, string) key, Found found)
    {
        if (_found.Count >= RememberedDecisions && !_found.ContainsKey(key))
        {
            // A bounded memo, not a cache worth ordering: forgetting everything is correct, only slower.
            _found.Clear();
        }

        _found[key] = found;
    }

    /// <summary>The creation time inside a UUID version 7 (the first 48 bits: Unix milliseconds), as rank generates event ids.</summary>
    internal static DateTimeOffset? TimeOfVersion7(string eventId)
    {
        if (!Guid.TryParseExact(eventId, "D", out var guid) || guid.Version != 7)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        long milliseconds = 0;
        for (var i = 0; i < 6; i++)
        {
            milliseconds = (milliseconds << 8) | bytes[i];
        }

        // A crafted id can carry a time past year 9999; it names no decision this server made.
        return milliseconds <= MaxUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null;
    }

    private static readonly long MaxUnixMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>[time − tolerance, time + tolerance], clamped to the representable range (an <c>at</c> near its ends would overflow).</summary>
    private static (DateTimeOffset From, DateTimeOffset To) Around(DateTimeOffset time, TimeSpan tolerance) => (
        time - DateTimeOffset.MinValue < tolerance ? DateTimeOffset.MinValue : time - tolerance,
        DateTimeOffset.MaxValue - time < tolerance ? DateTimeOffset.MaxValue : time + tolerance);

    private sealed record Found(DecisionRecord Decision, IReadOnlyList<RewardRecord>? Rewards);
}
