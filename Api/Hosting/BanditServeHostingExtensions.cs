using System.Diagnostics.Tracing;
using System.Threading.RateLimiting;
using BanditServe.Api.Auth;
using BanditServe.Api.Endpoints;
using BanditServe.Api.Json;
using BanditServe.Api.Learning;
using BanditServe.Api.Observability;
using BanditServe.Api.Scoring;
using BanditServe.Bandits.Gpu;
using BanditServe.Bandits.Scoring;
using BanditServe.Api.Surfaces;
using BanditServe.Streaming.Checkpoints;
using BanditServe.Streaming.Join;
using BanditServe.Streaming.Learning;
using Microsoft.Extensions.Options;
using Prometheus;
using Scalar.AspNetCore;

namespace BanditServe.Api.Hosting;

/// <summary>The composition root: every service and endpoint of the server.</summary>
public static class BanditServeHostingExtensions
{
    public static WebApplicationBuilder AddBanditServe(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        }

        var services = builder.Services;
        services.AddOptions<ServerOptions>().BindConfiguration("Server").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration("Auth");
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            var limits = builder.Configuration.GetSection("Server").Get<ServerOptions>() ?? new ServerOptions();
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "BanditServe";
            document.Info.Description = "Real-time contextual-bandit recommendation server: Rank/Reward over REST, Kafka streaming, off-policy evaluation.";
            return Task.CompletedTask;
        }));
        services.AddSingleton<RateLimitBuckets>();
        services.AddRateLimiter(static _ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<RateLimitBuckets, ApiKeyValidator>(ConfigureRateLimiter);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<SurfaceRegistry>();
        services.AddSingleton(sp => new RecentDecisions(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ServerOptions>>().Value.RecentDecisionCapacity));
        services.AddSingleton<SurfaceAdministration>();
        services.AddSingleton<RankService>();
        services.AddSingleton<RewardIntake>();
        services.AddSingleton<DecisionRecorder>();
        services.AddOptions<ScoringOptions>().BindConfiguration("Scoring").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IScoringDeviceProvider, IlgpuDeviceProvider>();
        services.AddSingleton<ScoringBackendFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<ScoringBackendFactory>().Info);
        services.AddBanditDashboard();

        services.AddBanditStorage(builder.Configuration);
        // The catalog loads before the consumer restores the checkpoint (hosted services start in order).
        services.AddSingleton<SurfaceCatalogLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<SurfaceCatalogLoader>());
        services.AddHostedService<PeriodicPlanService>();
        services.AddHostedService<CatalogSyncService>();
        services.AddSingleton<ILearningSink, SurfaceLearningSink>();
        services.AddSingleton<CheckpointRestore>();
        services.AddSingleton<IStreamCheckpointStore, StorageCheckpointStore>();
        services.AddSingleton<ISurfaceDirectory, RegistrySurfaceDirectory>();
        services.AddBanditStreaming(builder.Configuration);

        services.AddSingleton<RankPathWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<RankPathWarmUp>());
        services.AddHealthChecks().AddBanditReadiness(OperationsEndpoints.ReadyTag);
        return builder;
    }

    public static WebApplication MapBanditServe(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // prometheus-net would also republish every System.Diagnostics.Metrics instrument (ASP.NET Core's hosting,
        // routing and rate-limiting meters): a listener callback on every request that cost about 3 % of the CPU
        // of a loaded rank server, for series nobody reads (UseHttpMetrics exports the HTTP figures). Takes effect
        // only before the first scrape, so calling it for every host in a process is harmless.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true });
        // The event-counter adapter has to enable whole event sources to get their counters; at its default level
        // (Informational) Kestrel and hosting then raise start and stop events for every connection and request,
        // each with its payload strings, for a listener that only wants the counters. Counters are written at
        // LogAlways, so a Critical subscription still receives them and nothing per request.
        Metrics.ConfigureEventCounterAdapter(static options =>
            options.EventSourceSettingsProvider = static _ => new EventCounterAdapterEventSourceSettings { MinimumLevel = EventLevel.Critical });
        app.UseHttpMetrics();
        var maxBody = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            // Kestrel enforces the limit while reading; refusing a declared length up front answers
            // before the body is sent and also holds on hosts without Kestrel's limit.
            if (context.Request.ContentLength > maxBody)
            {
                await Http.ApiProblems.PayloadTooLarge(maxBody).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        var registry = app.Services.GetRequiredService<SurfaceRegistry>();
        var consumerStatus = app.Services.GetRequiredService<BanditServe.Streaming.Consuming.StreamConsumerStatus>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() => SurfaceGauges.Update(registry, consumerStatus, clock));
        if (app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.RateLimitPerSecond > 0)
        {
            app.UseRateLimiter();
        }

        // Touch the validator at start so a generated admin key is logged before the first request.
        _ = app.Services.GetRequiredService<ApiKeyValidator>();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/reference");
        app.MapSurfacesEndpoints()
            .MapItemsEndpoints()
            .MapRankEndpoints()
            .MapRewardsEndpoints()
            .MapScheduleEndpoints()
            .MapModelEndpoints()
            .MapOperationsEndpoints()
            .MapDashboardEndpoints();
        return app;
    }

    /// <summary>The global limiter: a token bucket per client key, or per remote address without one.</summary>
    /// <remarks>Its services are passed in once rather than looked up per request, which would open a service scope for every request.</remarks>
    private static void ConfigureRateLimiter(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options, RateLimitBuckets buckets, ApiKeyValidator keys)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, cancellationToken) =>
        {
            var problem = Http.ApiProblems.TooManyRequests();
            await problem.ExecuteAsync(context.HttpContext);
        };
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            // Only a valid key gets its own bucket: made-up keys must not buy fresh allowances.
            var key = http.Request.Headers[ApiKeyValidator.HeaderName].ToString();
            var partition = key.Length > 0 && keys.IsClient(key)
                ? "key:" + key
                : buckets.AddressPartition(http.Connection.RemoteIpAddress);
            return RateLimitPartition.Get(partition, buckets.CreateBucket);
        });
    }
}
