using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BanditServe.Offline.Cli;
using BanditServe.Offline.Progress;

namespace BanditServe.Offline.Tests.Cli;

/// <summary>Progress of long jobs when standard error is not a terminal: plain lines with counts, never on standard output.</summary>
public sealed class ProgressOutputTests : IDisposable
{
    private const int Rows = 600;
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-progress-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Evaluate_with_redirected_error_writes_stage_lines_with_counts_and_keeps_standard_output_pure_json()
    {
        var (logs, policy) = WriteContextLog();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["evaluate", "--logs", logs, "--policy", policy, "--estimators", "ips,snips,dr", "--bootstrap", "200", "--seed", "3"],
            output,
            error);

        Assert.True(exitCode == 0, error.ToString());
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"banditserve-offline: reading logs: {Rows}/{Rows} rows (100%)", lines);
        Assert.Contains("banditserve-offline: fitting reward model: 0/3 folds (0%)", lines);
        Assert.Contains("banditserve-offline: fitting reward model: 3/3 folds (100%)", lines);
        Assert.Contains("banditserve-offline: estimating: 3/3 estimators (100%)", lines);
        Assert.Contains("banditserve-offline: bootstrap: 0/600 resamples (0%)", lines);
        Assert.Contains("banditserve-offline: bootstrap: 600/600 resamples (100%)", lines);
        // A few lines per stage, not one per resample.
        Assert.InRange(lines.Count(l => l.StartsWith("banditserve-offline: bootstrap:", StringComparison.Ordinal)), 2, 5);

        // Standard output is the report and nothing else.
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(Rows, json.RootElement.GetProperty("rounds").GetInt32());
        Assert.DoesNotContain("banditserve-offline", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_program_with_redirected_standard_error_prints_lines_not_bars()
    {
        var (logs, policy) = WriteContextLog();
        var program = Path.Combine(AppContext.BaseDirectory, "BanditServe.Offline.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", program, "evaluate", "--logs", logs, "--policy", policy, "--estimators", "ips,dr", "--bootstrap", "100" })
        {
            start.ArgumentList.Add(argument);
        }

        // Outside CI: only the redirection decides.
        start.Environment.Remove("CI");

        var cancellationToken = TestContext.Current.CancellationToken;
        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        var standardOutput = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var error = await standardError;

        Assert.True(process.ExitCode == 0, error);
        Assert.Contains($"banditserve-offline: reading logs: {Rows}/{Rows} rows (100%)", error, StringComparison.Ordinal);
        Assert.Contains("banditserve-offline: bootstrap: 200/200 resamples (100%)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", error, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(standardOutput);
        Assert.Equal(2, json.RootElement.GetProperty("estimates").GetArrayLength());
    }

    [Fact]
    public void Line_progress_writes_the_start_each_quarter_and_the_end_of_a_stage_once()
    {
        var error = new StringWriter();
        var reporter = new LineProgressReporter(error);

        reporter.Report(new JobProgress(JobStages.Bootstrap, "resamples", 0, 1000));
        for (var done = 10; done <= 1000; done += 10)
        {
            reporter.Report(new JobProgress(JobStages.Bootstrap, "resamples", done, 1000, Finished: done == 1000));
        }

        // A parallel block reporting late changes nothing.
        reporter.Report(new JobProgress(JobStages.Bootstrap, "resamples", 990, 1000));

        Assert.Equal(
            [
                "banditserve-offline: bootstrap: 0/1000 resamples (0%)",
                "banditserve-offline: bootstrap: 250/1000 resamples (25%)",
                "banditserve-offline: bootstrap: 500/1000 resamples (50%)",
                "banditserve-offline: bootstrap: 750/1000 resamples (75%)",
                "banditserve-offline: bootstrap: 1000/1000 resamples (100%)",
            ],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Line_progress_of_a_stream_without_total_writes_the_first_and_the_final_count()
    {
        var error = new StringWriter();
        var reporter = new LineProgressReporter(error);

        for (var read = 50_000; read <= 200_000; read += 50_000)
        {
            reporter.Report(new JobProgress(JobStages.ReadingLogs, "decisions", read, 0));
        }

        reporter.Report(new JobProgress(JobStages.ReadingLogs, "decisions", 212_345, 0, Finished: true));

        Assert.Equal(
            ["banditserve-offline: reading logs: 50000 decisions", "banditserve-offline: reading logs: 212345 decisions (done)"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void Ci_variable_turns_progress_bars_off(string? value, bool expected) =>
        Assert.Equal(expected, JobConsole.IsContinuousIntegration(value));

    [Fact]
    public void A_writer_other_than_the_process_error_stream_never_gets_progress_bars() =>
        Assert.False(JobConsole.IsInteractive(new StringWriter()));

    /// <summary>Two actions, two context columns; logged uniformly, the policy always plays action 0.</summary>
    private (string Logs, string Policy) WriteContextLog()
    {
        var random = new Random(17);
        var logs = new StringBuilder("round,position,action,reward,pscore,x0,x1\n");
        var policy = new StringBuilder("round,position,action,prob\n");
        for (var round = 0; round < Rows; round++)
        {
            var x0 = random.NextDouble();
            var action = random.Next(2);
            var reward = random.NextDouble() < (action == 0 ? x0 : 0.3) ? 1 : 0;
            logs.Append(CultureInfo.InvariantCulture, $"{round},0,a{action},{reward},0.5,{x0:R},1\n");
            policy.Append(CultureInfo.InvariantCulture, $"{round},0,a0,1\n");
        }

        var logsPath = Path.Combine(directory, "logs.csv");
        var policyPath = Path.Combine(directory, "policy.csv");
        File.WriteAllText(logsPath, logs.ToString());
        File.WriteAllText(policyPath, policy.ToString());
        return (logsPath, policyPath);
    }
}
