using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Surfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Endpoints;

/// <summary>Admin endpoints for a surface's item catalog (API.md "Items").</summary>
public static class ItemsEndpoints
{
    public const int MaxBatchItems = 100_000;

    public static IEndpointRouteBuilder MapItemsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/surfaces/{surface}").WithTags("Items").RequireAdminKey();

        group.MapPut("/items/{itemId}", PutItemAsync).WithName("PutItem")
            .WithSummary("Adds or (re)activates an item; a new item starts from the prior.")
            .Accepts<ItemUpsertRequest>("application/json");
        group.MapPost("/items:batch", PostItemsBatchAsync).WithName("PostItemsBatch")
            .WithSummary("Adds, activates or deactivates up to 100,000 items.")
            .Accepts<ItemsBatchRequest>("application/json");
        group.MapDelete("/items/{itemId}", DeleteItemAsync).WithName("DeleteItem")
            .WithSummary("Deactivates an item (its statistics are kept for offline evaluation).");
        group.MapGet("/items/{itemId}", GetItem).WithName("GetItem")
            .WithSummary("Gets an item's learned statistics.");
        return app;
    }

    public static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> PutItemAsync(
        string surface, string itemId, HttpRequest request, SurfaceRegistry registry,
        SurfaceAdministration administration, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out _))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        if (!Identifiers.IsValid(itemId))
        {
            return ApiProblems.BadRequest("itemId", Identifiers.Describe);
        }

        var active = true;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.ItemUpsertRequest, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            active = body!.Active ?? true;
        }

        var outcome = await administration.UpsertItemsAsync(surface, [(itemId, active)], cancellationToken);
        return outcome.Problem ?? (Results<Ok<ItemResponse>, ProblemHttpResult>)TypedResults.Ok(ItemViews.ToResponse(outcome.Runtime!, itemId)!);
    }

    public static async Task<Results<Ok<ItemsBatchResponse>, ProblemHttpResult>> PostItemsBatchAsync(
        string surface, HttpRequest request, SurfaceRegistry registry,
        SurfaceAdministration administration, CancellationToken cancellationToken)
    {
        if (!registry.TryGet(surface, out _))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.ItemsBatchRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Items is not { } items)
        {
            return ApiProblems.BadRequest("items", "is required");
        }

        if (items.Count > MaxBatchItems)
        {
            return ApiProblems.BadRequest("items", $"at most {MaxBatchItems} items per call");
        }

        var changes = new List<(string ItemId, bool Active)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var entry = items[i];
            if (entry is null)
            {
                return ApiProblems.BadRequest($"items[{i}]", "must be an object");
            }

            if (!Identifiers.IsValid(entry.ItemId))
            {
                return ApiProblems.BadRequest($"items[{i}].itemId", Identifiers.Describe);
            }

            changes.Add((entry.ItemId!, entry.Active ?? true));
        }

        var outcome = await administration.UpsertItemsAsync(surface, changes, cancellationToken);
        return outcome.Problem ?? (Results<Ok<ItemsBatchResponse>, ProblemHttpResult>)TypedResults.Ok(new ItemsBatchResponse(changes.Count));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteItemAsync(
        string surface, string itemId, SurfaceAdministration administration, CancellationToken cancellationToken)
    {
        var outcome = await administration.DeactivateItemAsync(surface, itemId, cancellationToken);
        return outcome.Problem ?? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent();
    }

    public static Results<Ok<ItemResponse>, ProblemHttpResult> GetItem(string surface, string itemId, SurfaceRegistry registry)
    {
        if (!registry.TryGet(surface, out var runtime))
        {
            return ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");
        }

        return ItemViews.ToResponse(runtime, itemId) is { } item
            ? TypedResults.Ok(item)
            : ApiProblems.NotFound("itemId", $"item '{itemId}' does not exist on surface '{surface}'");
    }
}
