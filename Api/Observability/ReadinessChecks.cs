using BanditServe.Api.Hosting;
using BanditServe.Api.Learning;
using BanditServe.Api.Surfaces;
using BanditServe.Storage;
using BanditServe.Streaming.Consuming;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BanditServe.Api.Observability;

/// <summary>Readiness: model loaded, storage reachable, Kafka consumer assigned and caught up, rank path warmed up.</summary>
public static class ReadinessChecks
{
    public static IHealthChecksBuilder AddBanditReadiness(this IHealthChecksBuilder builder, string tag) =>
        builder
            .AddCheck<ModelLoadedCheck>("model", tags: [tag])
            .AddCheck<StorageCheck>("storage", tags: [tag])
            .AddCheck<ConsumerCheck>("kafka-consumer", tags: [tag])
            .AddCheck<WarmUpCheck>("rank-warm-up", tags: [tag]);

    /// <summary>The same condition under which rank answers 503 for the surfaces loaded at start.</summary>
    private sealed class ModelLoadedCheck(SurfaceCatalogLoader catalog, CheckpointRestore restore) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(
                !catalog.Loaded ? HealthCheckResult.Unhealthy("the surface catalog is loading")
                : !restore.IsComplete ? HealthCheckResult.Unhealthy("the models are being restored from the checkpoint")
                : HealthCheckResult.Healthy());
    }

    private sealed class WarmUpCheck(RankPathWarmUp warmUp) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(warmUp.IsComplete
                ? HealthCheckResult.Healthy(warmUp.Rounds == 0 ? "off" : $"{warmUp.Elapsed.TotalSeconds:F1} s, {warmUp.Ranks} ranks")
                : HealthCheckResult.Unhealthy("the rank path is warming up (Server:WarmUpSeconds)"));
    }

    private sealed class StorageCheck(IStorageHealth storage) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(storage.IsDegraded
                ? HealthCheckResult.Degraded($"storage degraded since {storage.DegradedSince:O}: {storage.Reason}; logs are buffered")
                : HealthCheckResult.Healthy());
    }

    private sealed class ConsumerCheck(StreamConsumerStatus consumer) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(
                consumer.IsFaulted ? HealthCheckResult.Unhealthy("the Kafka consumer stopped on a fatal error")
                : !consumer.IsAssigned ? HealthCheckResult.Unhealthy("the Kafka consumer is not assigned yet")
                : !consumer.IsCaughtUp ? HealthCheckResult.Unhealthy($"the Kafka consumer is catching up (lag {consumer.Lag})")
                : HealthCheckResult.Healthy($"lag {consumer.Lag}"));
    }
}
