namespace BanditServe.Api.Dashboard.Views;

/// <summary>One item as the dashboard charts it.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Active">Whether rankings may place it.</param>
/// <param name="MeanReward">The mean of its learned rewards, exactly as <c>GET …/items/{itemId}</c> reports it.</param>
/// <param name="Uncertainty">
/// diag-linucb: the Diag-LinUCB width <c>sqrt(Σ_c w_c²/precision_c)</c> for a unit context spread evenly over
/// all coordinates (<c>w_c = 1/√d</c>), i.e. <c>sqrt(mean_c 1/precision_c)</c>; <c>1/√ridge</c> for a fresh item.
/// recovering-periodic: the UCB term (upper bound − mean) at the idle time of its current cycle; null when unknown.
/// </param>
/// <param name="UncertaintyShare"><see cref="Uncertainty"/> over a fresh item's (1 = nothing learned yet); null on recovering-periodic surfaces.</param>
/// <param name="Impressions">How many rankings placed it (observations on recovering-periodic surfaces).</param>
/// <param name="RewardsApplied">How many rewards it learned.</param>
public sealed record ItemSummaryResponse(
    string ItemId,
    bool Active,
    double MeanReward,
    double? Uncertainty,
    double? UncertaintyShare,
    long Impressions,
    long RewardsApplied);
