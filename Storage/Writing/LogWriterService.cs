using Microsoft.Extensions.Hosting;

namespace BanditServe.Storage;

/// <summary>Runs the decision and reward log writers for the life of the host and flushes them on shutdown.</summary>
/// <remarks>
/// The flush is in <see cref="StopAsync"/>, not at the end of <see cref="ExecuteAsync"/>: a host stopped right after it
/// started may never run <see cref="ExecuteAsync"/>, and its buffered records must still be written.
/// </remarks>
/// <param name="decisions">The decision log writer.</param>
/// <param name="rewards">The reward log writer.</param>
public sealed class LogWriterService(DecisionLogWriter decisions, RewardLogWriter rewards) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(decisions.RunAsync(stoppingToken), rewards.RunAsync(stoppingToken));

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            await Task.WhenAll(decisions.FlushAsync(), rewards.FlushAsync());
        }
    }
}
