using BanditServe.Api.Surfaces;

namespace BanditServe.Api.Observability;

/// <summary>Refreshes the per-surface gauges just before each scrape (cheap: a few reads per surface).</summary>
public static class SurfaceGauges
{
    public static void Update(SurfaceRegistry registry, BanditServe.Streaming.Consuming.StreamConsumerStatus consumer, TimeProvider time)
    {
        ApiMetrics.CheckpointAge.Set(consumer.LastCheckpointAt is { } at ? (time.GetUtcNow() - at).TotalSeconds : -1);
        foreach (var runtime in registry.All())
        {
            ApiMetrics.ModelVersion.WithLabels(runtime.Id).Set(runtime.ModelVersion);
            ApiMetrics.ItemCount.WithLabels(runtime.Id).Set(runtime.ItemCount);
            ApiMetrics.ConfiguredEpsilon.WithLabels(runtime.Id).Set(runtime.Settings.Epsilon);
        }
    }
}
