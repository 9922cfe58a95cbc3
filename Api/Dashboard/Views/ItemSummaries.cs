using System.Collections.Concurrent;
using System.Diagnostics;
using BanditServe.Api.Surfaces;

namespace BanditServe.Api.Dashboard.Views;

/// <summary>
/// Every item of a surface with its mean and uncertainty, cached per surface until the model version
/// changes and for at least <see cref="MinimumReuse"/>, so that several open dashboards cost one
/// model export per interval.
/// </summary>
public sealed class ItemSummaries(TimeProvider time)
{
    /// <summary>The shortest time a computed list is reused, even when the model changed meanwhile.</summary>
    public static readonly TimeSpan MinimumReuse = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, CachedSummaries> _cache = new(StringComparer.Ordinal);

    /// <summary>The surface's items in catalog order.</summary>
    public IReadOnlyList<ItemSummaryResponse> Of(SurfaceRuntime runtime)
    {
        var now = time.GetUtcNow();
        // A model import or a re-created surface replaces the model object: never reuse across that.
        object model = (object?)runtime.Linear ?? runtime.Periodic!;
        if (_cache.TryGetValue(runtime.Id, out var cached) && ReferenceEquals(cached.Model, model)
            && (cached.ModelVersion == runtime.ModelVersion || now < cached.ReusableUntil))
        {
            return cached.Items;
        }

        var version = runtime.ModelVersion;
        var started = Stopwatch.GetTimestamp();
        var items = runtime.Linear is not null ? Linear(runtime) : Periodic(runtime, time);
        // A large catalog takes long to export: reuse the result ten times as long as it took, so the
        // dashboard never keeps the model's writer lock busy for more than a tenth of the time.
        var reuse = TimeSpan.FromTicks(Math.Max(MinimumReuse.Ticks, Stopwatch.GetElapsedTime(started).Ticks * 10));
        _cache[runtime.Id] = new CachedSummaries(model, version, now + reuse, items);
        return items;
    }

    private static ItemSummaryResponse[] Linear(SurfaceRuntime runtime)
    {
        var snapshot = runtime.Linear!.Export();
        var dimension = snapshot.Dimension;
        var ridge = snapshot.Options.Ridge;
        var prior = Math.Sqrt(1 / ridge);
        var items = new ItemSummaryResponse[snapshot.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var item = snapshot.Items[i];
            // Coordinates still at the prior contribute 1/ridge each; the others 1/(ridge + Σx²).
            var inverseSum = (dimension - item.Indices.Length) / ridge;
            foreach (var sumSquares in item.SumSquares)
            {
                inverseSum += 1 / (ridge + sumSquares);
            }

            var uncertainty = Math.Sqrt(inverseSum / dimension);
            // The same expression as SurfaceModel.GetItem, so the dashboard and the items API agree to the bit.
            var mean = item.RewardsApplied == 0 ? 0 : item.RewardSum / item.RewardsApplied;
            items[i] = new ItemSummaryResponse(item.ItemId, item.Active, mean, uncertainty, uncertainty / prior, item.Impressions, item.RewardsApplied);
        }

        return items;
    }

    private static ItemSummaryResponse[] Periodic(SurfaceRuntime runtime, TimeProvider time)
    {
        var items = new List<ItemSummaryResponse>(runtime.Catalog.Count);
        foreach (var itemId in runtime.Catalog.Keys.Order(StringComparer.Ordinal))
        {
            if (ItemViews.ToResponse(runtime, itemId, time) is not { } view)
            {
                continue;
            }

            double? uncertainty = null;
            if (view.Recovery is { CycleLength: { } cycle } recovery
                && recovery.Curve.FirstOrDefault(p => p.IdlePeriods == cycle) is { Mean: { } mean, UpperBound: var upper })
            {
                uncertainty = Math.Max(0, upper - mean);
            }

            items.Add(new ItemSummaryResponse(view.ItemId, view.Active, view.MeanReward, uncertainty, null, view.Impressions, view.RewardsApplied));
        }

        return [.. items];
    }

    private sealed record CachedSummaries(object Model, long ModelVersion, DateTimeOffset ReusableUntil, ItemSummaryResponse[] Items);
}
