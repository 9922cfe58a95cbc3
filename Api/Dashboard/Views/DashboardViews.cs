using BanditServe.Api.Dashboard.Activity;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Surfaces;

namespace BanditServe.Api.Dashboard.Views;

/// <summary>Builds the dashboard's views of a surface from the live runtime and the dashboard's stores.</summary>
public static class DashboardViews
{
    /// <summary>Schedule grid rows at most (the catalog of a recovering-periodic surface can be large).</summary>
    public const int MaxScheduleRows = 200;

    public static SurfaceSummaryResponse Summary(SurfaceRuntime runtime, SurfaceActivity activity, DecisionExplanations explanations)
    {
        var settings = runtime.Settings;
        var rates = activity.RatesOf(runtime.Id);
        var totals = explanations.TotalsOf(runtime.Id);
        var slots = Observability.ApiMetrics.SlotsServed.WithLabels(runtime.Id).Value;
        var explored = Observability.ApiMetrics.ExplorationPicks.WithLabels(runtime.Id).Value;
        return new SurfaceSummaryResponse(
            runtime.Id,
            settings.Policy,
            runtime.ItemCount,
            runtime.ModelVersion,
            runtime.Decisions,
            runtime.RewardsApplied,
            rates.DecisionsPerSecond,
            rates.RewardsPerSecond,
            totals.Count > 0 ? totals.Sum / totals.Count : null,
            slots > 0 ? explored / slots : null,
            settings.Epsilon,
            settings.IsPeriodic ? null : settings.Alpha,
            settings.IsPeriodic ? null : settings.Dimension);
    }

    /// <summary>Active items by mean reward, best first (ties by id).</summary>
    public static IReadOnlyList<ItemSummaryResponse> Top(IReadOnlyList<ItemSummaryResponse> items, int count) =>
        [.. items.Where(i => i.Active)
            .OrderByDescending(i => i.MeanReward)
            .ThenBy(i => i.ItemId, StringComparer.Ordinal)
            .Take(count)];

    /// <summary>Active items that learned fewer than <paramref name="below"/> rewards, fewest first.</summary>
    public static IReadOnlyList<ItemSummaryResponse> Fresh(IReadOnlyList<ItemSummaryResponse> items, int below, int count) =>
        [.. items.Where(i => i.Active && i.RewardsApplied < below)
            .OrderBy(i => i.RewardsApplied)
            .ThenByDescending(i => i.Impressions)
            .ThenBy(i => i.ItemId, StringComparer.Ordinal)
            .Take(count)];

    /// <summary>The schedule of <paramref name="periods"/> periods from now; null on diag-linucb surfaces.</summary>
    public static ScheduleGridResponse? Schedule(SurfaceRuntime runtime, TimeProvider time, int periods)
    {
        if (runtime.Periodic is not { } policy || runtime.Settings.Recovery is not { } recovery)
        {
            return null;
        }

        var current = policy.PeriodOf(time.GetUtcNow());
        var window = policy.Schedule(current, periods);
        var firstFeatured = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < window.Periods.Count; k++)
        {
            foreach (var itemId in window.Periods[k].Items)
            {
                firstFeatured.TryAdd(itemId, k);
            }
        }

        var rows = runtime.Catalog
            .Where(entry => entry.Value || firstFeatured.ContainsKey(entry.Key))
            .Select(entry => entry.Key)
            .OrderBy(id => firstFeatured.TryGetValue(id, out var k) ? k : int.MaxValue)
            .ThenBy(id => id, StringComparer.Ordinal)
            .Take(MaxScheduleRows)
            .Select(id => new ScheduleGridRowResponse(id, [.. window.Periods.Select(p => p.Items.Contains(id, StringComparer.Ordinal))]))
            .ToArray();
        return new ScheduleGridResponse(current, recovery.PeriodSeconds, window.PlanVersion, [.. window.Periods.Select(p => p.Period)], rows);
    }
}
