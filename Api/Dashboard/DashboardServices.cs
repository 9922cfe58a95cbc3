using BanditServe.Api.Dashboard.Activity;
using BanditServe.Api.Dashboard.Evaluations;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Dashboard.Views;
using BanditServe.Api.Surfaces;
using BanditServe.Streaming.Consuming;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard;

/// <summary>The stores and live state every dashboard handler reads, bundled so handlers take one parameter.</summary>
public sealed class DashboardServices(
    SurfaceRegistry registry,
    SurfaceActivity activity,
    DecisionExplanations explanations,
    DecisionExplainer explainer,
    ItemSummaries items,
    EvaluationReports evaluations,
    StreamConsumerStatus consumer,
    TimeProvider time,
    IOptions<DashboardOptions> options)
{
    public SurfaceRegistry Registry { get; } = registry;

    public SurfaceActivity Activity { get; } = activity;

    public DecisionExplanations Explanations { get; } = explanations;

    public DecisionExplainer Explainer { get; } = explainer;

    public ItemSummaries Items { get; } = items;

    public EvaluationReports Evaluations { get; } = evaluations;

    public StreamConsumerStatus Consumer { get; } = consumer;

    public TimeProvider Time { get; } = time;

    public DashboardOptions Options { get; } = options.Value;

    /// <summary>Messages not yet consumed; null while the consumer does not know.</summary>
    public long? ConsumerLag => Consumer.Lag is var lag && lag >= 0 ? lag : null;
}
