namespace BanditServe.Bandits.Recovering;

/// <summary>One item's state on a recovering-periodic surface, as seen in <see cref="CurrentPeriod"/>.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Active">Whether the item takes part in the next plan.</param>
/// <param name="CurrentPeriod">The period the state describes.</param>
/// <param name="CyclePeriods">The item's period in the plan for <see cref="CurrentPeriod"/>, or null when that plan never features it.</param>
/// <param name="Offset">Phase in [0, <see cref="CyclePeriods"/>): the item is due in periods t with t mod cycle = offset; null when not planned.</param>
/// <param name="NextFeaturedPeriod">First period at or after <see cref="CurrentPeriod"/> (within 2·d_max) the item is featured, or null.</param>
/// <param name="LastFeaturedPeriod">Last period before <see cref="CurrentPeriod"/> (within d_max) the item was featured, or null.</param>
/// <param name="Observations">All rewards credited to the item.</param>
/// <param name="Curve">One estimate per idle time 1..d_max.</param>
public sealed record RecoveringItemState(
    string ItemId,
    bool Active,
    long CurrentPeriod,
    int? CyclePeriods,
    int? Offset,
    long? NextFeaturedPeriod,
    long? LastFeaturedPeriod,
    long Observations,
    IReadOnlyList<RecoveryEstimate> Curve);
