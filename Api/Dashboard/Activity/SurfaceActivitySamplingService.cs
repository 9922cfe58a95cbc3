using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard.Activity;

/// <summary>Samples every surface's counters on a fixed interval for the dashboard's time series.</summary>
public sealed class SurfaceActivitySamplingService(SurfaceActivity activity, TimeProvider time, IOptions<DashboardOptions> options, ILogger<SurfaceActivitySamplingService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SampleIntervalSeconds), time);
        activity.Sample();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                activity.Sample();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A sample is a few counter reads; a failure must not end the series.
                Log.DashboardSampleFailed(logger, ex);
            }
        }
    }
}
