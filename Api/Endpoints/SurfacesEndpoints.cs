using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Surfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Endpoints;

/// <summary>Admin endpoints for surfaces (API.md "Surfaces").</summary>
public static class SurfacesEndpoints
{
    public static IEndpointRouteBuilder MapSurfacesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/surfaces").WithTags("Surfaces").RequireAdminKey();

        group.MapGet("/", ListSurfaces).WithName("ListSurfaces").WithSummary("Lists all surfaces.");
        group.MapGet("/{surface}", GetSurface).WithName("GetSurface").WithSummary("Gets a surface's configuration and counters.");
        group.MapPut("/{surface}", PutSurfaceAsync).WithName("PutSurface")
            .WithSummary("Creates or updates a surface.")
            .Accepts<SurfaceConfigurationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{surface}", DeleteSurfaceAsync).WithName("DeleteSurface").WithSummary("Deletes a surface and its model.");
        return app;
    }

    public static Ok<SurfaceListResponse> ListSurfaces(SurfaceRegistry registry) =>
        TypedResults.Ok(new SurfaceListResponse([.. registry.All().Select(ToResponse)]));

    public static Results<Ok<SurfaceResponse>, ProblemHttpResult> GetSurface(string surface, SurfaceRegistry registry) =>
        registry.TryGet(surface, out var runtime)
            ? TypedResults.Ok(ToResponse(runtime))
            : ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");

    public static async Task<Results<Ok<SurfaceResponse>, Created<SurfaceResponse>, ProblemHttpResult>> PutSurfaceAsync(
        string surface, HttpRequest request, SurfaceAdministration administration, CancellationToken cancellationToken)
    {
        if (!Identifiers.IsValid(surface))
        {
            return ApiProblems.BadRequest("surface", Identifiers.Describe);
        }

        var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.SurfaceConfigurationRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (settings, invalid) = SurfaceSettings.FromRequest(body!);
        if (invalid is not null)
        {
            return invalid;
        }

        var outcome = await administration.PutSurfaceAsync(surface, settings!, cancellationToken);
        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        var response = ToResponse(outcome.Runtime!);
        return outcome.Created
            ? TypedResults.Created($"/v1/surfaces/{surface}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSurfaceAsync(
        string surface, SurfaceAdministration administration, CancellationToken cancellationToken) =>
        await administration.DeleteSurfaceAsync(surface, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");

    public static SurfaceResponse ToResponse(SurfaceRuntime runtime)
    {
        var s = runtime.Settings;
        return new SurfaceResponse(
            runtime.Id,
            s.Dimension,
            s.Policy,
            s.Alpha,
            s.Epsilon,
            s.Ridge,
            s.Forgetting,
            s.RewardWindowSeconds,
            s.DefaultReward,
            s.Recovery is { } r
                ? new RecoveryConfiguration { PeriodSeconds = r.PeriodSeconds, SlotsPerPeriod = r.SlotsPerPeriod, MaxIdlePeriods = r.MaxIdlePeriods, AllowClientClock = r.AllowClientClock }
                : null,
            runtime.ItemCount,
            runtime.ModelVersion,
            runtime.Decisions,
            runtime.RewardsApplied);
    }
}
