namespace BanditServe.Api.Dashboard.Views;

/// <summary>One row of the dashboard's surfaces list.</summary>
/// <param name="Surface">The surface id.</param>
/// <param name="Policy"><c>diag-linucb</c> or <c>recovering-periodic</c>.</param>
/// <param name="ItemCount">Items, active and inactive (as <c>GET /v1/surfaces/{surface}</c> reports).</param>
/// <param name="ModelVersion">The model version now.</param>
/// <param name="Decisions">Decisions counted (restored from checkpoints across restarts).</param>
/// <param name="RewardsApplied">Rewards learned (restored from checkpoints across restarts).</param>
/// <param name="DecisionsPerSecond">Over the last few sampling intervals; null until two samples exist.</param>
/// <param name="RewardsPerSecond">Over the last few sampling intervals; null until two samples exist.</param>
/// <param name="MeanReward">Mean of the rewards learned since this process started; null before the first.</param>
/// <param name="ExplorationShare">Slots the epsilon branch filled over slots served since this process started; null before the first slot.</param>
/// <param name="ConfiguredEpsilon">The epsilon configured (the expected exploration share for rankings of many candidates).</param>
/// <param name="Alpha">The UCB exploration width (diag-linucb).</param>
/// <param name="Dimension">The feature dimension (diag-linucb).</param>
public sealed record SurfaceSummaryResponse(
    string Surface,
    string Policy,
    int ItemCount,
    long ModelVersion,
    long Decisions,
    long RewardsApplied,
    double? DecisionsPerSecond,
    double? RewardsPerSecond,
    double? MeanReward,
    double? ExplorationShare,
    double ConfiguredEpsilon,
    double? Alpha,
    int? Dimension);
