namespace BanditServe.Api.Dashboard.Views;

/// <summary>One item's row of the schedule grid.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Featured">One flag per period of the grid: true where the item is featured.</param>
public sealed record ScheduleGridRowResponse(string ItemId, IReadOnlyList<bool> Featured);
