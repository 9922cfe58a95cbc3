using BanditServe.Api.Dashboard.Activity;
using BanditServe.Api.Dashboard.Evaluations;
using BanditServe.Api.Dashboard.Explanations;

namespace BanditServe.Api.Dashboard.Views;

/// <summary>Body of <c>GET /v1/dashboard/surfaces/{surface}</c>: everything the surface page draws.</summary>
/// <param name="Summary">The surface's row of the surfaces list.</param>
/// <param name="ConsumerLag">Messages not yet consumed (shared by all surfaces); null while unknown.</param>
/// <param name="Series">Activity per sampling interval, oldest first.</param>
/// <param name="TopItems">Active items with the highest mean reward, best first.</param>
/// <param name="FreshItems">Active items that have learned fewer than <c>freshBelow</c> rewards, fewest first.</param>
/// <param name="FreshBelow">The threshold used for <see cref="FreshItems"/>.</param>
/// <param name="Schedule">The schedule grid (recovering-periodic surfaces only).</param>
/// <param name="Evaluations">The latest uploaded offline evaluation reports, newest first.</param>
/// <param name="RecentDecisions">The newest decisions this process made on the surface, newest first.</param>
public sealed record DashboardSurfaceResponse(
    SurfaceSummaryResponse Summary,
    long? ConsumerLag,
    IReadOnlyList<ActivityPointResponse> Series,
    IReadOnlyList<ItemSummaryResponse> TopItems,
    IReadOnlyList<ItemSummaryResponse> FreshItems,
    int FreshBelow,
    ScheduleGridResponse? Schedule,
    IReadOnlyList<EvaluationReportResponse> Evaluations,
    IReadOnlyList<RecentDecisionResponse> RecentDecisions);
