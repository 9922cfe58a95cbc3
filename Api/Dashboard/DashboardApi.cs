using System.Globalization;
using BanditServe.Api.Dashboard.Evaluations;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Dashboard.Views;
using BanditServe.Api.Http;
using BanditServe.Api.Learning;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BanditServe.Api.Dashboard;

/// <summary>The dashboard's read-only admin endpoints, the decision explanation and the evaluation report upload.</summary>
public static class DashboardApi
{
    public const int MaxTopItems = 100;
    public const int MaxFreshItems = 25;
    public const int MaxSchedulePeriods = 96;
    public const int MaxRecentDecisions = 100;
    public const int DefaultTopCandidates = 50;

    /// <summary>The <c>Retry-After</c> of an explanation refused because the decision log could not be read.</summary>
    private static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(2);

    public static Ok<DashboardOverviewResponse> GetOverview(DashboardServices dashboard) =>
        TypedResults.Ok(new DashboardOverviewResponse(
            dashboard.Time.GetUtcNow(),
            dashboard.ConsumerLag,
            dashboard.Consumer.IsReady,
            dashboard.Options.SampleIntervalSeconds,
            [.. dashboard.Registry.All().Select(runtime => DashboardViews.Summary(runtime, dashboard.Activity, dashboard.Explanations))]));

    public static Results<Ok<DashboardSurfaceResponse>, ProblemHttpResult> GetSurface(
        string surface, int? top, int? freshBelow, int? periods, int? decisions, DashboardServices dashboard)
    {
        if (!dashboard.Registry.TryGet(surface, out var runtime))
        {
            return UnknownSurface(surface);
        }

        if ((OutOfRange("top", top, 1, MaxTopItems) ?? OutOfRange("freshBelow", freshBelow, 1, int.MaxValue)
            ?? OutOfRange("periods", periods, 1, MaxSchedulePeriods) ?? OutOfRange("decisions", decisions, 1, MaxRecentDecisions)) is { } problem)
        {
            return problem;
        }

        var items = dashboard.Items.Of(runtime);
        var fresh = freshBelow ?? 30;
        return TypedResults.Ok(new DashboardSurfaceResponse(
            DashboardViews.Summary(runtime, dashboard.Activity, dashboard.Explanations),
            dashboard.ConsumerLag,
            dashboard.Activity.Series(surface),
            DashboardViews.Top(items, top ?? 10),
            DashboardViews.Fresh(items, fresh, MaxFreshItems),
            fresh,
            DashboardViews.Schedule(runtime, dashboard.Time, periods ?? 12),
            dashboard.Evaluations.Of(surface),
            dashboard.Explanations.Recent(surface, decisions ?? 20)));
    }

    public static async Task<Results<Ok<DecisionExplanationResponse>, ProblemHttpResult>> GetExplanationAsync(
        string surface, string eventId, int? top, string? at, DashboardServices dashboard, CheckpointRestore restore, HttpResponse response, CancellationToken cancellationToken)
    {
        if (!dashboard.Registry.TryGet(surface, out var runtime))
        {
            return UnknownSurface(surface);
        }

        // The candidate terms come from the live model; until the checkpoint is restored that is the prior.
        if (restore.IsPending(runtime))
        {
            return CheckpointRestore.Unavailable(response, surface);
        }

        if (OutOfRange("top", top, 1, CandidateRankings.MaxTop) is { } problem)
        {
            return problem;
        }

        DateTimeOffset? around = null;
        if (at is not null)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return ApiProblems.BadRequest("at", "must be an RFC 3339 time, e.g. 2026-11-24T12:00:00Z");
            }

            around = parsed;
        }

        var (explanation, missing, storageFailed) = await dashboard.Explainer.ExplainAsync(runtime, eventId, top ?? DefaultTopCandidates, around, cancellationToken);
        return explanation is not null ? TypedResults.Ok(explanation)
            : storageFailed ? ApiProblems.Unavailable(response, StorageRetryAfter, "eventId", $"the decision log could not be read to find '{eventId}'; retry later")
            : ApiProblems.NotFound("eventId", $"no explanation of event '{eventId}' on surface '{surface}': not among this process's last {dashboard.Options.ExplanationCapacity} decisions, and {missing}");
    }

    public static Results<Ok<IReadOnlyList<EvaluationReportResponse>>, ProblemHttpResult> ListEvaluations(
        string surface, DashboardServices dashboard)
    {
        return dashboard.Registry.TryGet(surface, out _)
            ? TypedResults.Ok(dashboard.Evaluations.Of(surface))
            : UnknownSurface(surface);
    }

    public static async Task<Results<Created<EvaluationReportResponse>, ProblemHttpResult>> PostEvaluationAsync(
        string surface, string? label, HttpRequest request, DashboardServices dashboard, CancellationToken cancellationToken)
    {
        if (!dashboard.Registry.TryGet(surface, out _))
        {
            return UnknownSurface(surface);
        }

        if (label is { Length: 0 or > EvaluationReportReader.MaxLabelLength })
        {
            return ApiProblems.BadRequest("label", $"must be 1 to {EvaluationReportReader.MaxLabelLength} characters");
        }

        var (document, invalid) = await JsonBody.ReadAsync(request, DashboardJsonContext.Default.JsonDocument, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        using (document)
        {
            var (report, field, problem) = EvaluationReportReader.Read(document!.RootElement, Guid.CreateVersion7().ToString(), surface, label, dashboard.Time.GetUtcNow());
            if (report is null)
            {
                return ApiProblems.BadRequest(field!, problem!);
            }

            dashboard.Evaluations.Add(report);
            return TypedResults.Created($"/v1/dashboard/surfaces/{surface}/evaluations", report);
        }
    }

    private static ProblemHttpResult UnknownSurface(string surface) =>
        ApiProblems.NotFound("surface", $"surface '{surface}' does not exist");

    private static ProblemHttpResult? OutOfRange(string field, int? value, int min, int max) =>
        value is { } v && (v < min || v > max) ? ApiProblems.BadRequest(field, $"must be between {min} and {max}") : null;

}
