namespace BanditServe.Api.Dashboard.Views;

/// <summary>Body of <c>GET /v1/dashboard/surfaces</c>.</summary>
/// <param name="At">When the overview was read.</param>
/// <param name="ConsumerLag">Messages not yet consumed in the assigned partitions (all surfaces share the consumer); null while unknown.</param>
/// <param name="ConsumerReady">Whether the stream consumer is assigned, caught up and not faulted.</param>
/// <param name="SampleIntervalSeconds">Seconds between two activity samples.</param>
/// <param name="Surfaces">Every surface, by id.</param>
public sealed record DashboardOverviewResponse(
    DateTimeOffset At,
    long? ConsumerLag,
    bool ConsumerReady,
    double SampleIntervalSeconds,
    IReadOnlyList<SurfaceSummaryResponse> Surfaces);
