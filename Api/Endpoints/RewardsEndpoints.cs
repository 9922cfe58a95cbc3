using BanditServe.Api.Auth;
using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Json;
using BanditServe.Api.Surfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Endpoints;

/// <summary><c>POST /v1/rewards</c> and <c>POST /v1/rewards:batch</c> (API.md "Rewards").</summary>
public static class RewardsEndpoints
{
    public const int MaxBatchRewards = 10_000;

    public static IEndpointRouteBuilder MapRewardsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Rewards").RequireClientKey();
        group.MapPost("/rewards", PostRewardAsync).WithName("PostReward")
            .WithSummary("Accepts one reward; 202 once Kafka acknowledged it.")
            .Accepts<RewardRequest>("application/json")
            .Produces<RewardAcceptedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/rewards:batch", PostRewardsBatchAsync).WithName("PostRewardsBatch")
            .WithSummary("Accepts up to 10,000 rewards; reports each rejected one.")
            .Accepts<RewardsBatchRequest>("application/json")
            .Produces<RewardsBatchResponse>(StatusCodes.Status202Accepted);
        return app;
    }

    public static async Task<Results<Accepted<RewardAcceptedResponse>, ProblemHttpResult>> PostRewardAsync(
        HttpRequest request, RewardIntake intake, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.RewardRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var validation = intake.Validate(body!, field => field);
        if (validation.Problem is not null)
        {
            return validation.Problem;
        }

        var unavailable = await intake.PublishAsync([validation.Reward!], request.HttpContext.Response, cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }

        return TypedResults.Accepted((string?)null, new RewardAcceptedResponse(validation.Reward!.EventId, validation.Reward.ItemId));
    }

    public static async Task<Results<Accepted<RewardsBatchResponse>, ProblemHttpResult>> PostRewardsBatchAsync(
        HttpRequest request, RewardIntake intake, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ApiJsonContext.Default.RewardsBatchRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Rewards is not { } rewards)
        {
            return ApiProblems.BadRequest("rewards", "is required");
        }

        if (rewards.Count > MaxBatchRewards)
        {
            return ApiProblems.BadRequest("rewards", $"at most {MaxBatchRewards} rewards per call");
        }

        var accepted = new List<ValidatedReward>(rewards.Count);
        var rejected = new List<RejectedReward>();
        for (var i = 0; i < rewards.Count; i++)
        {
            if (rewards[i] is not { } entry)
            {
                rejected.Add(new RejectedReward(i, $"rewards[{i}]: must be an object"));
                continue;
            }

            var index = i;
            var validation = intake.Validate(entry, field => $"rewards[{index}].{field}");
            if (validation.Problem is not null)
            {
                rejected.Add(new RejectedReward(i, validation.Detail!));
            }
            else
            {
                accepted.Add(validation.Reward!);
            }
        }

        var unavailable = await intake.PublishAsync(accepted, request.HttpContext.Response, cancellationToken);
        if (unavailable is not null)
        {
            return unavailable;
        }

        return TypedResults.Accepted((string?)null, new RewardsBatchResponse(accepted.Count, rejected));
    }
}
