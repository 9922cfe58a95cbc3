using System.CommandLine;
using System.Globalization;
using BanditServe.LoadTests.StorageBench;

namespace BanditServe.LoadTests.Cli;

/// <summary>
/// <c>storage-bench</c>: decisions per second written to PostgreSQL through the decision log writer
/// (issue 3, "Performance"; recorded in docs/performance.md).
/// </summary>
public static class StorageBenchCommand
{
    /// <summary>The environment variable the connection string defaults to (the one .ci/test exports).</summary>
    public const string ConnectionVariable = "BANDITSERVE_TEST_POSTGRES";

    public static Command Create()
    {
        var connection = new Option<string?>("--connection")
        {
            Description = $"Npgsql connection string to a role that may create databases (default: ${ConnectionVariable}).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ConnectionVariable),
        };
        var decisions = new Option<int>("--decisions") { Description = "Decisions to write per run.", DefaultValueFactory = _ => 200_000 };
        var dimension = new Option<int>("--dimension") { Description = "Dense context length.", DefaultValueFactory = _ => 32 };
        var items = new Option<int>("--items") { Description = "Items per decision.", DefaultValueFactory = _ => 5 };
        var batchSize = new Option<int>("--batch-size") { Description = "The writer's batch size (Storage:BatchSize).", DefaultValueFactory = _ => 1000 };
        var runs = new Option<int>("--runs") { Description = "Repetitions, each in a fresh database.", DefaultValueFactory = _ => 3 };
        var target = new Option<double>("--target") { Description = "Rows per second every run must reach.", DefaultValueFactory = _ => 50_000 };
        var command = new Command("storage-bench", "Write decisions (d=32, 5 items) to a throw-away PostgreSQL database through DecisionLogWriter and report rows/s.")
        {
            connection, decisions, dimension, items, batchSize, runs, target,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (string.IsNullOrWhiteSpace(parse.GetValue(connection)))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"banditserve-loadtests storage-bench: give --connection or set {ConnectionVariable}.");
                return ExitCodes.Failed;
            }

            await output.WriteLineAsync("before: " + BenchLoad.Describe());
            var passed = true;
            for (var run = 1; run <= parse.GetValue(runs); run++)
            {
                var result = await DecisionLogBenchmark.RunAsync(
                    parse.GetValue(connection)!, parse.GetValue(decisions), parse.GetValue(dimension), parse.GetValue(items), parse.GetValue(batchSize), cancellationToken);
                var complete = result.RowsWritten == result.Decisions && result.Dropped == 0;
                passed &= complete && result.RowsPerSecond >= parse.GetValue(target);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {result.RowsWritten:N0} of {result.Decisions:N0} decisions written (dropped {result.Dropped}) in {result.Elapsed.TotalSeconds:0.000} s " +
                    $"(enqueue {result.EnqueueTime.TotalMilliseconds:0} ms) = {result.RowsPerSecond:N0} rows/s"));
            }

            await output.WriteLineAsync("after: " + BenchLoad.Describe());
            return passed ? ExitCodes.Passed : ExitCodes.ObjectiveMissed;
        });
        return command;
    }
}
