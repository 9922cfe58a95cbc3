namespace BanditServe.Bandits.Recovering;

/// <summary>Consecutive periods with their featured items (API.md "Schedules").</summary>
/// <param name="Periods">One entry per period, in order.</param>
/// <param name="PlanVersion">The policy's newest plan version when the window was read.</param>
/// <remarks>
/// Periods up to the latest one served are final. Later periods are a forecast under the newest
/// plan and change if a re-plan takes effect before they are served.
/// </remarks>
public sealed record ScheduleWindow(IReadOnlyList<ScheduledPeriod> Periods, long PlanVersion);
