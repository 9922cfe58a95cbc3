namespace BanditServe.Api.Dashboard.Views;

/// <summary>The items × upcoming periods grid of a recovering-periodic surface.</summary>
/// <param name="CurrentPeriod">The period now (the grid's first column).</param>
/// <param name="PeriodSeconds">Length of one period.</param>
/// <param name="PlanVersion">The newest plan version when the grid was read.</param>
/// <param name="Periods">The grid's periods, in order.</param>
/// <param name="Rows">Catalog items, those featured soonest first.</param>
public sealed record ScheduleGridResponse(
    long CurrentPeriod,
    int PeriodSeconds,
    long PlanVersion,
    IReadOnlyList<long> Periods,
    IReadOnlyList<ScheduleGridRowResponse> Rows);
