using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Endpoints;

/// <summary><c>GET /v1/surfaces/{surface}/schedule</c> (API.md "Schedules").</summary>
public static class ScheduleEndpoints
{
    public const int MaxPeriods = 1000;

    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/surfaces/{surface}/schedule", GetSchedule)
            .WithTags("Schedules")
            .RequireClientKey()
            .WithName("GetSchedule")
            .WithSummary("The featured items of upcoming periods of a recovering-periodic surface.");
        return app;
    }

    public static Results<Ok<ScheduleResponse>, ProblemHttpResult> GetSchedule(
        string surface, string? from, string? count, SurfaceRegistry registry, TimeProvider time, CheckpointRestore restore, HttpResponse response)
    {
        // Parsed here rather than bound, so a malformed value gets problem details naming the parameter.
        long? fromPeriod = null;
        if (!string.IsNullOrEmpty(from))
        {
            if (!long.TryParse(from, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsedFrom))
            {
                return ApiProblems.BadRequest("from", "must be an integer period number");
            }

            fromPeriod = parsedFrom;
        }

        int? periods = null;
        if (!string.IsNullOrEmpty(count))
        {
            if (!int.TryParse(count, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsedCount))
            {
                return ApiProblems.BadRequest("count", $"must be an integer between 1 and {MaxPeriods}");
            }

            periods = parsedCount;
        }

        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        if (restore.IsPending(runtime))
        {
            return CheckpointRestore.Unavailable(response, surface);
        }

        if (runtime.Periodic is not { } policy)
        {
            return ApiProblems.BadRequest("surface", "schedules exist only on recovering-periodic surfaces");
        }

        var n = periods ?? 10;
        if (n is < 1 or > MaxPeriods)
        {
            return ApiProblems.BadRequest("count", $"must be between 1 and {MaxPeriods}");
        }

        var start = fromPeriod ?? policy.PeriodOf(time.GetUtcNow());
        if (start < 0)
        {
            return ApiProblems.BadRequest("from", "must be a period number >= 0");
        }

        // The policy refuses periods beyond its range with an exception; answer that as the client's error.
        if (start > Bandits.Recovering.RecoveringPeriodicPolicy.MaxPeriodMagnitude - MaxPeriods)
        {
            return ApiProblems.BadRequest("from", $"must be at most {Bandits.Recovering.RecoveringPeriodicPolicy.MaxPeriodMagnitude - MaxPeriods}");
        }

        var window = policy.Schedule(start, n);
        return TypedResults.Ok(new ScheduleResponse(
            [.. window.Periods.Select(p => new SchedulePeriod(p.Period, p.Items))],
            window.PlanVersion));
    }
}
