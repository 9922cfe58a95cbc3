namespace BanditServe.LoadTests.StreamBench;

/// <summary>What one consumer throughput measurement found.</summary>
/// <param name="Rewards">Rewards pre-produced and applied.</param>
/// <param name="Decisions">Decisions pre-produced (the consumer joins them too).</param>
/// <param name="DecisionsTime">From starting the first consumer until every decision was joined.</param>
/// <param name="FromStart">From starting the consumer until the last reward was applied (includes restoring the checkpoint and assignment).</param>
/// <param name="FirstToLast">From the first reward applied to the last.</param>
/// <param name="ModelVersion">The model's version afterwards (one per applied reward).</param>
public sealed record StreamThroughputResult(int Rewards, int Decisions, TimeSpan DecisionsTime, TimeSpan FromStart, TimeSpan FirstToLast, long ModelVersion)
{
    /// <summary>Rewards applied per second from the consumer's start.</summary>
    public double RewardsPerSecondFromStart => Rewards / FromStart.TotalSeconds;

    /// <summary>Rewards applied per second between the first and last application.</summary>
    public double RewardsPerSecondFirstToLast => Rewards / FirstToLast.TotalSeconds;
}
