using BanditServe.Api.Contracts;
using BanditServe.Api.Http;
using BanditServe.Api.Observability;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Kafka;
using BanditServe.Streaming.Messages;
using BanditServe.Streaming.Publishing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Surfaces;

/// <summary>A reward that passed validation.</summary>
public sealed record ValidatedReward(string EventId, string ItemId, double Reward, DateTimeOffset At);

/// <summary>
/// The reward use case over HTTP: validate, check the event is known, and publish to
/// <c>banditserve.rewards</c>; 202 only once Kafka acknowledged (API.md "Rewards").
/// </summary>
public sealed class RewardIntake(TimeProvider time, RecentDecisions recent, RewardJoin join, RewardPublisher publisher)
{
    public sealed record Validation(ValidatedReward? Reward, ProblemHttpResult? Problem, string? Detail);

    public Validation Validate(RewardRequest request, Func<string, string> field)
    {
        if (string.IsNullOrEmpty(request.EventId))
        {
            return Reject(field("eventId"), "is required", StatusCodes.Status400BadRequest);
        }

        if (request.EventId.Length > Identifiers.MaxLength)
        {
            return Reject(field("eventId"), $"at most {Identifiers.MaxLength} characters", StatusCodes.Status400BadRequest);
        }

        if (!Identifiers.IsValid(request.ItemId))
        {
            return Reject(field("itemId"), Identifiers.Describe, StatusCodes.Status400BadRequest);
        }

        if (request.Reward is not { } reward)
        {
            return Reject(field("reward"), "is required", StatusCodes.Status400BadRequest);
        }

        if (!double.IsFinite(reward))
        {
            return Reject(field("reward"), "must be a finite number", StatusCodes.Status400BadRequest);
        }

        if (!recent.IsOpen(request.EventId) && !join.IsKnownEvent(request.EventId))
        {
            ApiMetrics.RewardsRejected.WithLabels("unknown_event").Inc();
            return Reject(field("eventId"), $"event '{request.EventId}' is unknown or its reward window has closed", StatusCodes.Status404NotFound);
        }

        return new Validation(new ValidatedReward(request.EventId, request.ItemId!, reward, (request.At ?? time.GetUtcNow()).ToUniversalTime()), null, null);
    }

    /// <summary>
    /// How long a client refused with 503 is asked to wait (<c>Retry-After</c>): long enough not to hammer a broker
    /// that is restarting, short enough that a client holding rewards in memory does not buffer many.
    /// </summary>
    public static readonly TimeSpan RetryAfterUnavailable = TimeSpan.FromSeconds(2);

    /// <summary>Publishes and waits for the broker's acknowledgement; a problem (503 with <c>Retry-After</c>) when Kafka is unreachable.</summary>
    public async Task<ProblemHttpResult?> PublishAsync(IReadOnlyList<ValidatedReward> rewards, HttpResponse response, CancellationToken cancellationToken)
    {
        if (rewards.Count == 0)
        {
            return null;
        }

        try
        {
            var messages = new RewardMessage[rewards.Count];
            for (var i = 0; i < rewards.Count; i++)
            {
                var r = rewards[i];
                messages[i] = new RewardMessage { EventId = r.EventId, ItemId = r.ItemId, Reward = r.Reward, At = r.At };
            }

            await publisher.PublishAsync(messages, cancellationToken);
        }
        catch (KafkaUnavailableException ex)
        {
            ApiMetrics.RewardsRejected.WithLabels("kafka_unavailable").Inc(rewards.Count);
            return ApiProblems.Unavailable(response, RetryAfterUnavailable, "kafka", $"rewards cannot be accepted right now ({ex.Message}); retry later");
        }

        ApiMetrics.RewardsAccepted.Inc(rewards.Count);
        return null;
    }

    private static Validation Reject(string field, string message, int status)
    {
        if (status == StatusCodes.Status400BadRequest)
        {
            ApiMetrics.RewardsRejected.WithLabels("invalid").Inc();
        }

        var problem = status == StatusCodes.Status404NotFound
            ? ApiProblems.NotFound(field, message)
            : ApiProblems.BadRequest(field, message);
        return new Validation(null, problem, $"{field}: {message}");
    }
}
