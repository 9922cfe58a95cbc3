using System.Collections.Concurrent;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Observability;
using BanditServe.Api.Surfaces;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard.Activity;

/// <summary>
/// A small in-memory time series per surface: its counters sampled every few seconds, turned into
/// decisions/s, rewards/s, mean reward and exploration share per interval.
/// </summary>
public sealed class SurfaceActivity(SurfaceRegistry registry, DecisionExplanations explanations, TimeProvider time, IOptions<DashboardOptions> options)
{
    /// <summary>Intervals the headline rates average over (smooths a single slow or bursty interval).</summary>
    public const int RateWindowIntervals = 5;

    private readonly int _history = options.Value.SampleHistory;
    private readonly ConcurrentDictionary<string, SurfaceActivityHistory> _surfaces = new(StringComparer.Ordinal);

    /// <summary>Takes one sample of every surface and forgets deleted surfaces.</summary>
    public void Sample()
    {
        var now = time.GetUtcNow();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var runtime in registry.All())
        {
            live.Add(runtime.Id);
            var totals = explanations.TotalsOf(runtime.Id);
            var sample = new ActivitySample(
                now,
                runtime.Decisions,
                runtime.RewardsApplied,
                totals.Count,
                totals.Sum,
                ApiMetrics.SlotsServed.WithLabels(runtime.Id).Value,
                ApiMetrics.ExplorationPicks.WithLabels(runtime.Id).Value,
                runtime.ModelVersion);
            _surfaces.GetOrAdd(runtime.Id, _ => new SurfaceActivityHistory(_history)).Add(sample);
        }

        foreach (var id in _surfaces.Keys)
        {
            if (!live.Contains(id))
            {
                _surfaces.TryRemove(id, out _);
            }
        }
    }

    /// <summary>The per-interval series of a surface, oldest first (empty before two samples).</summary>
    public IReadOnlyList<ActivityPointResponse> Series(string surface)
    {
        var samples = SamplesOf(surface);
        var points = new ActivityPointResponse[Math.Max(0, samples.Length - 1)];
        for (var i = 1; i < samples.Length; i++)
        {
            points[i - 1] = Between(samples[i - 1], samples[i]);
        }

        return points;
    }

    /// <summary>Decisions/s and rewards/s over the last <see cref="RateWindowIntervals"/> intervals.</summary>
    public ActivityRates RatesOf(string surface)
    {
        var samples = SamplesOf(surface);
        if (samples.Length < 2)
        {
            return new ActivityRates(null, null, 0);
        }

        var first = samples[Math.Max(0, samples.Length - 1 - RateWindowIntervals)];
        var last = samples[^1];
        var seconds = (last.At - first.At).TotalSeconds;
        return seconds <= 0
            ? new ActivityRates(null, null, 0)
            : new ActivityRates(NonNegative(last.Decisions - first.Decisions) / seconds, NonNegative(last.JoinedRewards - first.JoinedRewards) / seconds, seconds);
    }

    private ActivitySample[] SamplesOf(string surface) =>
        _surfaces.TryGetValue(surface, out var history) ? history.Snapshot() : [];

    private static ActivityPointResponse Between(ActivitySample from, ActivitySample to)
    {
        var seconds = Math.Max((to.At - from.At).TotalSeconds, 1e-9);
        // Counters restart when a surface is re-created or a checkpoint restores them: clamp, never negative rates.
        var rewards = NonNegative(to.JoinedRewards - from.JoinedRewards);
        var slots = Math.Max(0, to.SlotsServed - from.SlotsServed);
        return new ActivityPointResponse(
            to.At,
            NonNegative(to.Decisions - from.Decisions) / seconds,
            rewards / seconds,
            rewards > 0 ? (to.JoinedRewardSum - from.JoinedRewardSum) / rewards : null,
            slots > 0 ? Math.Max(0, to.ExplorationPicks - from.ExplorationPicks) / slots : null,
            to.ModelVersion);
    }

    private static double NonNegative(long delta) => Math.Max(0, delta);
}
