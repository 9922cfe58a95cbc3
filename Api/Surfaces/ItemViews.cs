using BanditServe.Api.Contracts;

namespace BanditServe.Api.Surfaces;

/// <summary>Maps a model's item state onto the API's item view (API.md "Items").</summary>
public static class ItemViews
{
    public static bool Contains(SurfaceRuntime runtime, string itemId) =>
        runtime.Linear?.ContainsItem(itemId) ?? runtime.Periodic!.GetItem(itemId, 0) is not null;

    public static ItemResponse? ToResponse(SurfaceRuntime runtime, string itemId, TimeProvider? time = null)
    {
        if (runtime.Linear is { } linear)
        {
            if (linear.GetItem(itemId) is not { } state)
            {
                return null;
            }

            return new ItemResponse(
                state.ItemId,
                state.Active,
                state.Impressions,
                state.RewardsApplied,
                state.MeanReward,
                state.Theta,
                state.Precision,
                state.Sparse is { } sparse ? new SparseCoordinates(sparse.Indices, sparse.Theta, sparse.Precision) : null,
                state.LastShownAt,
                null);
        }

        var policy = runtime.Periodic!;
        var period = policy.PeriodOf((time ?? TimeProvider.System).GetUtcNow());
        if (policy.GetItem(itemId, period) is not { } recovering)
        {
            return null;
        }

        var credited = recovering.Curve.Sum(point => point.Count);
        var mean = credited == 0 ? 0 : recovering.Curve.Sum(point => (point.Mean ?? 0) * point.Count) / credited;
        return new ItemResponse(
            recovering.ItemId,
            recovering.Active,
            recovering.Observations,
            recovering.Observations,
            mean,
            null,
            null,
            null,
            null,
            new ItemRecoveryState(
                recovering.CurrentPeriod,
                recovering.CyclePeriods,
                recovering.Offset,
                recovering.NextFeaturedPeriod,
                [.. recovering.Curve.Select(p => new RecoveryPoint(p.IdlePeriods, p.Count, p.Mean, p.UpperBound))]));
    }
}
