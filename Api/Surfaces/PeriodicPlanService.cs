namespace BanditServe.Api.Surfaces;

/// <summary>
/// Makes pending re-plans of recovering-periodic surfaces in the background, so the first rank
/// request of a new period does not pay for planning (about 70 ms at 100,000 items, docs/performance.md).
/// </summary>
public sealed class PeriodicPlanService(SurfaceRegistry registry, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var runtime in registry.All())
            {
                if (runtime.Periodic is not { } policy)
                {
                    continue;
                }

                lock (runtime.WriteLock)
                {
                    policy.PreparePlan();
                }
            }
        }
    }
}
