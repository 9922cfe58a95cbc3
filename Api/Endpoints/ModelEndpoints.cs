using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using BanditServe.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Endpoints;

/// <summary>Model snapshots, export and import (API.md "Model snapshots").</summary>
public static class ModelEndpoints
{
    public static IEndpointRouteBuilder MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/surfaces/{surface}").WithTags("Model").RequireAdminKey();
        group.MapPost("/snapshots", PostSnapshotAsync).WithName("PostSnapshot").WithSummary("Persists the surface's model to storage.");
        group.MapGet("/model", GetModel).WithName("GetModel").WithSummary("Exports the whole model as JSON.");
        group.MapPut("/model", PutModelAsync).WithName("PutModel")
            .WithSummary("Imports a model (e.g. a warm start from the offline module).")
            .Accepts<ModelDocument>("application/json");
        return app;
    }

    public static async Task<Results<Created<SnapshotResponse>, ProblemHttpResult>> PostSnapshotAsync(
        string surface, SurfaceRegistry registry, IBanditStore store, CheckpointRestore restore, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        // A snapshot of the prior that the restore is about to replace would be a snapshot of nothing learned.
        if (restore.IsPending(runtime))
        {
            return CheckpointRestore.Unavailable(response, surface);
        }

        var (bytes, version) = ModelState.Capture(runtime);
        var id = await store.SaveSnapshotAsync(surface, version, bytes, cancellationToken);
        return TypedResults.Created($"/v1/surfaces/{surface}/snapshots/{id}", new SnapshotResponse(id, version));
    }

    public static Results<Ok<ModelDocument>, ProblemHttpResult> GetModel(string surface, SurfaceRegistry registry, CheckpointRestore restore, HttpResponse response)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        if (restore.IsPending(runtime))
        {
            return CheckpointRestore.Unavailable(response, surface);
        }

        lock (runtime.WriteLock)
        {
            return TypedResults.Ok(runtime.Linear is { } linear
                ? new ModelDocument(surface, runtime.Settings.Policy, linear.Version, linear.Export(), null)
                : new ModelDocument(surface, runtime.Settings.Policy, runtime.Periodic!.Version, null, Convert.ToBase64String(runtime.Periodic.ToBytes())));
        }
    }

    public static async Task<Results<Ok<SurfaceResponse>, ProblemHttpResult>> PutModelAsync(
        string surface, HttpRequest request, SurfaceRegistry registry, SurfaceAdministration administration,
        CheckpointRestore restore, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        // The start-up restore would overwrite an import made before it.
        if (restore.IsPending(runtime))
        {
            return CheckpointRestore.Unavailable(request.HttpContext.Response, surface);
        }

        var (document, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.ModelDocument, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await administration.ImportModelAsync(surface, document!, cancellationToken);
        return outcome.Problem ?? (Results<Ok<SurfaceResponse>, ProblemHttpResult>)TypedResults.Ok(SurfacesEndpoints.ToResponse(outcome.Runtime!));
    }
}
