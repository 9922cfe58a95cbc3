using System.Text.Json;
using System.Text.Json.Serialization;
using BanditServe.Api.Dashboard.Evaluations;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Dashboard.Views;

namespace BanditServe.Api.Dashboard;

/// <summary>Source-generated JSON for the dashboard's bodies, chained after the Api's own context.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardOverviewResponse))]
[JsonSerializable(typeof(DashboardSurfaceResponse))]
[JsonSerializable(typeof(DecisionExplanationResponse))]
[JsonSerializable(typeof(EvaluationReportResponse))]
[JsonSerializable(typeof(IReadOnlyList<EvaluationReportResponse>))]
[JsonSerializable(typeof(JsonDocument))]
public sealed partial class DashboardJsonContext : JsonSerializerContext;
