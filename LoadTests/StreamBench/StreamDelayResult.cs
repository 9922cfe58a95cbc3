using System.Diagnostics;

namespace BanditServe.LoadTests.StreamBench;

/// <summary>Delays of rewards produced at a fixed rate, in milliseconds.</summary>
/// <param name="TargetRate">Rewards per second asked for.</param>
/// <param name="AchievedRate">Rewards per second actually produced.</param>
/// <param name="Rewards">Rewards measured.</param>
/// <param name="AckToApplied">Applied − broker acknowledgement received: p50, p90, p99, max.</param>
/// <param name="ProducedToApplied">Applied − the produce call: p50, p90, p99, max (includes the producer's own send time).</param>
/// <param name="AppliedBeforeAck">Rewards the sink applied before the producer saw their acknowledgement.</param>
public sealed record StreamDelayResult(
    int TargetRate, double AchievedRate, int Rewards, DelayPercentiles AckToApplied, DelayPercentiles ProducedToApplied, int AppliedBeforeAck)
{
    internal static StreamDelayResult From(int rate, TimeSpan producing, long[] producedAt, long[] ackedAt, ReadOnlySpan<long> appliedAt)
    {
        var fromAck = new double[producedAt.Length];
        var fromProduce = new double[producedAt.Length];
        var early = 0;
        for (var i = 0; i < producedAt.Length; i++)
        {
            fromAck[i] = Milliseconds(appliedAt[i] - ackedAt[i]);
            fromProduce[i] = Milliseconds(appliedAt[i] - producedAt[i]);
            early += appliedAt[i] < ackedAt[i] ? 1 : 0;
        }

        return new StreamDelayResult(
            rate, producedAt.Length / producing.TotalSeconds, producedAt.Length, DelayPercentiles.Of(fromAck), DelayPercentiles.Of(fromProduce), early);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
