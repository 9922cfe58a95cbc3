using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BanditServe.Storage.Tests;

/// <summary>The log writers and their hosted service over one store, as AddBanditStorage wires them.</summary>
public sealed class LogWriterHarness
{
    public LogWriterHarness(IBanditStore store, StorageOptions options)
    {
        var wrapped = Options.Create(options);
        Health = new StorageHealth(TimeProvider.System);
        Decisions = new DecisionLogWriter(store, wrapped, Health, TimeProvider.System, NullLogger<DecisionLogWriter>.Instance);
        Rewards = new RewardLogWriter(store, wrapped, Health, TimeProvider.System, NullLogger<RewardLogWriter>.Instance);
        Service = new LogWriterService(Decisions, Rewards);
    }

    public StorageHealth Health { get; }

    public DecisionLogWriter Decisions { get; }

    public RewardLogWriter Rewards { get; }

    public LogWriterService Service { get; }

    /// <summary>Polls a condition every 20 ms until it holds or the timeout passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return await condition();
    }
}
