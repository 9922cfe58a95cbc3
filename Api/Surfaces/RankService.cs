using System.Diagnostics;
using BanditServe.Api.Contracts;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Http;
using BanditServe.Api.Observability;
using BanditServe.Bandits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// The rank use case: validate the context, score with the surface's policy, answer, and hand the
/// decision to the recorder (Kafka + decision log) off the request path.
/// </summary>
public sealed class RankService(TimeProvider time, RecentDecisions recent, DecisionRecorder recorder, ScoringBackendInfo backend, DecisionExplanations explanations)
{
    public const int MaxSlots = 100;
    public const int MaxCandidates = 100_000;

    public async ValueTask<(RankResponse? Response, ProblemHttpResult? Problem)> RankAsync(SurfaceRuntime runtime, RankRequest request)
    {
        var settings = runtime.Settings;
        if (request.Slots is { } requestedSlots && requestedSlots is < 1 or > MaxSlots)
        {
            return Fail("slots", $"must be between 1 and {MaxSlots}");
        }

        if (request.EventId is { } clientEventId && !Identifiers.IsValid(clientEventId))
        {
            return Fail("eventId", Identifiers.Describe);
        }

        if (request.Candidates is { Count: > MaxCandidates })
        {
            return Fail("candidates", $"at most {MaxCandidates} candidates");
        }

        if (request.Exclude is { Count: > MaxCandidates })
        {
            return Fail("exclude", $"at most {MaxCandidates} items");
        }

        if (request.UserId is { Length: > 256 })
        {
            return Fail("userId", "at most 256 characters");
        }

        var now = time.GetUtcNow();
        var at = now;
        if (settings.Recovery is { AllowClientClock: true } recovery && request.At is { } clientTime)
        {
            // A far-future client clock would fix the schedule of every period up to it.
            if (clientTime > now.AddSeconds(recovery.PeriodSeconds))
            {
                return Fail("at", "is more than one period ahead of the server clock");
            }

            at = clientTime.ToUniversalTime();
        }

        return runtime.Periodic is not null
            ? RankPeriodic(runtime, request, at)
            : await RankLinearAsync(runtime, request, at);
    }

    private async ValueTask<(RankResponse?, ProblemHttpResult?)> RankLinearAsync(SurfaceRuntime runtime, RankRequest request, DateTimeOffset at)
    {
        var model = runtime.Linear!;
        var settings = runtime.Settings;
        var given = (request.Features is not null ? 1 : 0) + (request.SparseFeatures is not null ? 1 : 0) + (request.NamedFeatures is not null ? 1 : 0);
        if (given != 1)
        {
            return Fail("features", "exactly one of features, sparseFeatures or namedFeatures is required");
        }

        FeatureVector context;
        try
        {
            context = request.Features is { } dense
                ? FeatureVector.Dense(dense, model.Dimension)
                : request.SparseFeatures is { } sparse
                    ? FeatureVector.Sparse(
                        sparse.Indices ?? throw new BanditArgumentException("sparseFeatures.indices", "is required"),
                        sparse.Values ?? throw new BanditArgumentException("sparseFeatures.values", "is required"),
                        model.Dimension)
                    : FeatureVector.Named(request.NamedFeatures!, model.Dimension);
        }
        catch (BanditArgumentException ex)
        {
            return Fail(Qualify(ex.Field, request), WithoutField(ex.Message, ex.Field));
        }

        var slots = request.Slots ?? 1;
        var eventId = request.EventId ?? EventIds.NewVersion7(time.GetUtcNow());
        if (!recent.TryAdd(eventId, TimeSpan.FromSeconds(settings.RewardWindowSeconds)))
        {
            return (null, ApiProblems.Conflict("eventId", $"event '{eventId}' already exists"));
        }

        var started = Stopwatch.GetTimestamp();
        RankOutcome outcome;
        try
        {
            var seed = (ulong)Random.Shared.NextInt64();
            // Full-catalog requests on large catalogs share one pass over the model with concurrent ones.
            outcome = request.Candidates is null && runtime.Batcher is { } batcher
                ? await batcher.RankAsync(context, null, request.Exclude, slots, seed, at)
                : model.Rank(context, request.Candidates, request.Exclude, slots, seed, at);
        }
        catch (BanditArgumentException ex)
        {
            recent.Forget(eventId);
            return Fail(ex.Field, WithoutField(ex.Message, ex.Field));
        }
        catch
        {
            // The client may retry the same eventId after an unexpected failure.
            recent.Forget(eventId);
            throw;
        }

        ApiMetrics.RankDuration.WithLabels(backend.Name, settings.Policy).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        ApiMetrics.CandidatesPerRank.Observe(request.Candidates?.Count ?? model.ActiveItemCount);

        var items = new RankedItemResponse[outcome.Items.Count];
        var explored = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var item = outcome.Items[i];
            items[i] = new RankedItemResponse(item.ItemId, item.Slot, item.Score, item.Propensity);
            explored += item.Explored ? 1 : 0;
        }

        ApiMetrics.SlotsServed.WithLabels(runtime.Id).Inc(items.Length);
        if (explored > 0)
        {
            ApiMetrics.ExplorationPicks.WithLabels(runtime.Id).Inc(explored);
        }

        runtime.CountDecision();
        recorder.Record(runtime, eventId, at, request.UserId, context, items, outcome.ModelVersion);
        explanations.RecordRanking(runtime, eventId, at, request, outcome, context);
        return (new RankResponse(eventId, runtime.Id, settings.Policy, outcome.ModelVersion, items,
            outcome.UnknownCandidates.Count > 0 ? outcome.UnknownCandidates : null, null), null);
    }

    private (RankResponse?, ProblemHttpResult?) RankPeriodic(SurfaceRuntime runtime, RankRequest request, DateTimeOffset at)
    {
        var policy = runtime.Periodic!;
        var settings = runtime.Settings;
        var eventId = request.EventId ?? EventIds.NewVersion7(time.GetUtcNow());
        if (!recent.TryAdd(eventId, TimeSpan.FromSeconds(settings.RewardWindowSeconds)))
        {
            return (null, ApiProblems.Conflict("eventId", $"event '{eventId}' already exists"));
        }

        var started = Stopwatch.GetTimestamp();
        var period = policy.PeriodOf(at);
        var scheduled = policy.ScheduledItems(period);
        var count = Math.Min(request.Slots ?? scheduled.Count, scheduled.Count);
        var items = new RankedItemResponse[count];
        for (var i = 0; i < count; i++)
        {
            // The schedule is deterministic: every featured item is shown with probability 1.
            items[i] = new RankedItemResponse(scheduled[i], i, 1.0, 1.0);
        }

        ApiMetrics.RankDuration.WithLabels(backend.Name, settings.Policy).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        ApiMetrics.SlotsServed.WithLabels(runtime.Id).Inc(items.Length);
        runtime.CountDecision();
        recorder.Record(runtime, eventId, at, request.UserId, null, items, policy.Version, period);
        explanations.RecordSchedule(runtime, eventId, at, period, items, policy.Version);
        return (new RankResponse(eventId, runtime.Id, settings.Policy, policy.Version, items, null, period), null);
    }

    private static string Qualify(string field, RankRequest request) =>
        field.StartsWith("features", StringComparison.Ordinal) && request.Features is null
            ? (request.SparseFeatures is not null ? "sparseFeatures" : "namedFeatures") + field["features".Length..]
            : field;

    /// <summary>Bandits' messages start with the field; the problem detail adds it once.</summary>
    private static string WithoutField(string message, string field)
    {
        var text = message.StartsWith(field, StringComparison.Ordinal) ? message[field.Length..].TrimStart(' ', ':') : message;
        var parameter = text.IndexOf(" (Parameter", StringComparison.Ordinal);
        return parameter > 0 ? text[..parameter] : text;
    }

    private static (RankResponse?, ProblemHttpResult?) Fail(string field, string message) =>
        (null, ApiProblems.BadRequest(field, message));
}
