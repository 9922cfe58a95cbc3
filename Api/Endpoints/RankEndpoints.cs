using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Endpoints;

/// <summary><c>POST /v1/surfaces/{surface}/rank</c> (API.md "Rank").</summary>
public static class RankEndpoints
{
    public static IEndpointRouteBuilder MapRankEndpoints(this IEndpointRouteBuilder app)
    {
        // The services are resolved once here and the client key is checked in the handler: rank is the hot path, and
        // handler parameters from DI or an endpoint filter would open a service scope and a filter context per request.
        var registry = app.ServiceProvider.GetRequiredService<SurfaceRegistry>();
        var ranking = app.ServiceProvider.GetRequiredService<RankService>();
        var restore = app.ServiceProvider.GetRequiredService<CheckpointRestore>();
        var keys = app.ServiceProvider.GetRequiredService<ApiKeyValidator>();
        app.MapPost("/v1/surfaces/{surface}/rank", (string surface, HttpRequest request, CancellationToken cancellationToken) =>
                ApiKeyFilters.ClientKeyProblem(request, keys) is { } unauthorized
                    ? Task.FromResult<Results<RankResponseResult, ProblemHttpResult>>(unauthorized)
                    : RankAsync(surface, request, registry, ranking, restore, cancellationToken))
            .WithTags("Rank")
            .WithName("Rank")
            .WithSummary("Ranks items for a context; logs the decision with exact propensities.")
            .Accepts<RankRequest>("application/json")
            .Produces<RankResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<RankResponseResult, ProblemHttpResult>> RankAsync(
        string surface, HttpRequest request, SurfaceRegistry registry, RankService ranking, CheckpointRestore restore, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        if (restore.IsPending(runtime))
        {
            return CheckpointRestore.Unavailable(request.HttpContext.Response, surface);
        }

        var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.RankRequest, RankRequestReader.TryRead, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (response, refused) = await ranking.RankAsync(runtime, body!);
        return refused ?? (Results<RankResponseResult, ProblemHttpResult>)new RankResponseResult(response!);
    }
}
