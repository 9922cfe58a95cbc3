using System.CommandLine;
using System.Globalization;
using BanditServe.LoadTests.StreamBench;

namespace BanditServe.LoadTests.Cli;

/// <summary>
/// <c>stream-bench</c>: the stream consumer's reward throughput and, at a fixed rate, the delay from the broker's
/// acknowledgement to the update being visible (issue 4, "Performance"; recorded in docs/performance.md).
/// </summary>
public static class StreamBenchCommand
{
    public static Command Create()
    {
        var dimension = new Option<int>("--dimension") { Description = "Dense context length.", DefaultValueFactory = _ => 32 };
        var rewards = new Option<int>("--rewards") { Description = "Rewards pre-produced for the throughput run.", DefaultValueFactory = _ => 100_000 };
        var rate = new Option<int>("--rate") { Description = "Rewards per second for the delay run.", DefaultValueFactory = _ => 10_000 };
        var seconds = new Option<double>("--seconds") { Description = "Length of the delay run.", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs") { Description = "Repetitions of each run, each on a fresh broker.", DefaultValueFactory = _ => 2 };
        var targetThroughput = new Option<double>("--target-throughput") { Description = "Rewards per second the throughput run must reach.", DefaultValueFactory = _ => 100_000 };
        var targetP99 = new Option<double>("--target-p99-ms") { Description = "p99 delay (ms) the rate run must stay within.", DefaultValueFactory = _ => 250 };
        var command = new Command("stream-bench", "Measure the stream consumer on the embedded broker: rewards/s applied to a SurfaceModel, and p99 ack-to-visible delay at a fixed rate.")
        {
            dimension, rewards, rate, seconds, runs, targetThroughput, targetP99,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync("before: " + BenchLoad.Describe());
            var passed = true;
            for (var run = 1; run <= parse.GetValue(runs); run++)
            {
                var throughput = await StreamConsumerBenchmark.MeasureThroughputAsync(parse.GetValue(dimension), parse.GetValue(rewards), cancellationToken);
                passed &= throughput.RewardsPerSecondFromStart >= parse.GetValue(targetThroughput) && throughput.ModelVersion >= throughput.Rewards;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"throughput run {run}: {throughput.Rewards:N0} rewards applied (after {throughput.Decisions:N0} decisions joined in {throughput.DecisionsTime.TotalSeconds:0.0} s) in {throughput.FromStart.TotalSeconds:0.000} s from consumer start " +
                    $"= {throughput.RewardsPerSecondFromStart:N0} rewards/s; first to last applied {throughput.FirstToLast.TotalSeconds:0.000} s = {throughput.RewardsPerSecondFirstToLast:N0} rewards/s; model version {throughput.ModelVersion:N0}"));
            }

            for (var run = 1; run <= parse.GetValue(runs); run++)
            {
                var delay = await StreamConsumerBenchmark.MeasureDelayAsync(
                    parse.GetValue(dimension), parse.GetValue(rate), TimeSpan.FromSeconds(parse.GetValue(seconds)), cancellationToken);
                passed &= delay.AckToApplied.P99 <= parse.GetValue(targetP99);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"delay run {run}: {delay.Rewards:N0} rewards at {delay.AchievedRate:N0}/s (asked {delay.TargetRate:N0}/s); " +
                    $"ack->applied ms p50 {delay.AckToApplied.P50:0.0} p90 {delay.AckToApplied.P90:0.0} p99 {delay.AckToApplied.P99:0.0} max {delay.AckToApplied.Max:0.0}; " +
                    $"produce->applied ms p50 {delay.ProducedToApplied.P50:0.0} p90 {delay.ProducedToApplied.P90:0.0} p99 {delay.ProducedToApplied.P99:0.0} max {delay.ProducedToApplied.Max:0.0}; " +
                    $"applied before ack {delay.AppliedBeforeAck:N0}"));
            }

            await output.WriteLineAsync("after: " + BenchLoad.Describe());
            return passed ? ExitCodes.Passed : ExitCodes.ObjectiveMissed;
        });
        return command;
    }
}
