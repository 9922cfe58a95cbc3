using BanditServe.Api.Auth;
using BanditServe.Api.Dashboard;
using BanditServe.Api.Dashboard.Page;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the operator dashboard: the page under <c>/dashboard</c> and its read-only admin API.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /dashboard</c> (+ assets), <c>GET /v1/dashboard/surfaces[/{surface}]</c>,
    /// <c>GET|POST /v1/dashboard/surfaces/{surface}/evaluations</c> and
    /// <c>GET /v1/surfaces/{surface}/decisions/{eventId}/explanation</c>; the API needs an admin key.
    /// </summary>
    /// <param name="app">The endpoint builder.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard", DashboardPageEndpoints.GetIndex).ExcludeFromDescription();
        app.MapGet("/dashboard/{asset}", DashboardPageEndpoints.GetAsset).ExcludeFromDescription();

        var api = app.MapGroup("/v1/dashboard/surfaces").WithTags("Dashboard").RequireAdminKey();
        api.MapGet("/", DashboardApi.GetOverview).WithName("GetDashboardOverview")
            .WithSummary("Every surface with its rates, mean reward, exploration share, consumer lag and model version.");
        api.MapGet("/{surface}", DashboardApi.GetSurface).WithName("GetDashboardSurface")
            .WithSummary("A surface's time series, top and fresh items, schedule grid, evaluation reports and recent decisions.");
        api.MapGet("/{surface}/evaluations", DashboardApi.ListEvaluations).WithName("ListDashboardEvaluations")
            .WithSummary("The latest uploaded offline evaluation reports of a surface, newest first (in memory).");
        api.MapPost("/{surface}/evaluations", DashboardApi.PostEvaluationAsync).WithName("PostDashboardEvaluation")
            .WithSummary("Uploads the JSON report of banditserve-offline evaluate for the dashboard (?label= names the candidate).")
            .Accepts<System.Text.Json.JsonDocument>("application/json");

        app.MapGet("/v1/surfaces/{surface}/decisions/{eventId}/explanation", DashboardApi.GetExplanationAsync)
            .WithTags("Dashboard")
            .RequireAdminKey()
            .WithName("GetDecisionExplanation")
            .WithSummary("Why a decision placed its items: every candidate's mean and uncertainty terms by score (?top=, default 50), explored slots, joined rewards; from memory, else the decision log (?at= hints its time).");
        return app;
    }
}
