using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;
using BanditServe.Bandits.Recovering;
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
        string surface, SurfaceRegistry registry, IBanditStore store, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        var (bytes, version) = ModelState.Capture(runtime);
        var id = await store.SaveSnapshotAsync(surface, version, bytes, cancellationToken);
        return TypedResults.Created($"/v1/surfaces/{surface}/snapshots/{id}", new SnapshotResponse(id, version));
    }

    public static Results<Ok<ModelDocument>, ProblemHttpResult> GetModel(string surface, SurfaceRegistry registry)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        lock (runtime.WriteLock)
        {
            return TypedResults.Ok(runtime.Linear is { } linear
                ? new ModelDocument(surface, runtime.Settings.Policy, linear.Version, linear.Export(), null)
                : new ModelDocument(surface, runtime.Settings.Policy, runtime.Periodic!.Version, null, Convert.ToBase64String(runtime.Periodic.ToBytes())));
        }
    }

    public static async Task<Results<Ok<SurfaceResponse>, ProblemHttpResult>> PutModelAsync(
        string surface, HttpRequest request, SurfaceRegistry registry, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        var (document, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.ModelDocument, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (document!.Policy != runtime.Settings.Policy)
        {
            return ApiProblems.BadRequest("policy", $"the model is for '{document.Policy}' but the surface uses '{runtime.Settings.Policy}'");
        }

        try
        {
            if (runtime.Linear is { } current)
            {
                if (document.DiagLinUcb is not { } snapshot)
                {
                    return ApiProblems.BadRequest("diagLinUcb", "is required for diag-linucb surfaces");
                }

                var imported = SurfaceModel.Import(snapshot, runtime.Scoring);
                if (imported.Dimension != current.Dimension)
                {
                    return ApiProblems.BadRequest("diagLinUcb.dimension", $"must equal the surface dimension {current.Dimension}");
                }

                imported.Options = SurfaceRuntime.ToDiagLinUcbOptions(runtime.Settings);
                lock (runtime.WriteLock)
                {
                    runtime.ReplaceModel(imported, null);
                    SurfaceAdministration.ReapplyCatalog(runtime);
                }
            }
            else
            {
                if (document.RecoveringPeriodicState is not { } state)
                {
                    return ApiProblems.BadRequest("recoveringPeriodicState", "is required for recovering-periodic surfaces");
                }

                var policy = RecoveringPeriodicPolicy.FromBytes(Convert.FromBase64String(state));
                lock (runtime.WriteLock)
                {
                    runtime.ReplaceModel(null, policy);
                    SurfaceAdministration.ReapplyCatalog(runtime);
                }
            }
        }
        catch (BanditArgumentException ex)
        {
            return ApiProblems.BadRequest("diagLinUcb." + ex.Field, ex.Message);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidDataException)
        {
            return ApiProblems.BadRequest("model", ex.Message);
        }

        return TypedResults.Ok(SurfacesEndpoints.ToResponse(runtime));
    }
}
