using System.Globalization;
using System.Text.Json;

namespace BanditServe.Offline.Tests.Cli;

/// <summary>End-to-end runs of <c>banditserve-offline evaluate</c> through <see cref="OfflineProgram"/>.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-offline-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Evaluate_writes_the_api_json_shape_with_the_toy_oracle_values()
    {
        var (logs, policy, rewardModel) = WriteToyLog();
        var output = Path.Combine(directory, "report.json");

        var exitCode = OfflineProgram.Main(
            ["evaluate", "--logs", logs, "--policy", policy, "--reward-model", rewardModel,
             "--estimators", "ips,snips,dr,sndr,switch-dr", "--clip", "1.5", "--bootstrap", "0", "--out", output]);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("rounds").GetInt32());
        Assert.Equal(3.0, root.GetProperty("effectiveSampleSize").GetDouble(), 1e-9);
        var estimates = root.GetProperty("estimates").EnumerateArray().ToDictionary(e => e.GetProperty("estimator").GetString()!);
        Assert.Equal(["ips", "snips", "dr", "sndr", "switch-dr"], estimates.Keys);
        Assert.Equal(1.0, estimates["ips"].GetProperty("value").GetDouble(), 1e-9);
        Assert.Equal(0.577350, estimates["ips"].GetProperty("stdErr").GetDouble(), 1e-6);
        Assert.Equal(-0.1316, estimates["ips"].GetProperty("ciLow").GetDouble(), 1e-4);
        Assert.Equal(2.1316, estimates["ips"].GetProperty("ciHigh").GetDouble(), 1e-4);
        Assert.Equal(2.0 / 3, estimates["snips"].GetProperty("value").GetDouble(), 1e-9);
        Assert.Equal(0.7, estimates["dr"].GetProperty("value").GetDouble(), 1e-9);
        Assert.Equal(0.6, estimates["switch-dr"].GetProperty("value").GetDouble(), 1e-9);
    }

    [Fact]
    public void Evaluate_with_bootstrap_reports_percentile_intervals_reproducibly()
    {
        // The first 2,000 impressions of the Open Bandit Dataset men sample keep the test fast.
        var logs = Path.Combine(directory, "random-men-2000.csv");
        File.WriteAllLines(logs, File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "obd", "random-men.csv")).Take(2001));
        var policy = Path.Combine(directory, "uniform.csv");
        WriteUniformPolicy(logs, policy);
        string[] Args(string output) => ["evaluate", "--logs", logs, "--policy", policy, "--estimators", "ips,dr", "--bootstrap", "100", "--seed", "5", "--out", output];

        Assert.Equal(0, OfflineProgram.Main(Args(Path.Combine(directory, "a.json"))));
        Assert.Equal(0, OfflineProgram.Main(Args(Path.Combine(directory, "b.json"))));

        var first = File.ReadAllText(Path.Combine(directory, "a.json"));
        Assert.Equal(first, File.ReadAllText(Path.Combine(directory, "b.json")));
        using var json = JsonDocument.Parse(first);
        var ips = json.RootElement.GetProperty("estimates")[0];
        Assert.Equal("bootstrap-percentile", ips.GetProperty("ciMethod").GetString());
        Assert.True(ips.GetProperty("ciLow").GetDouble() < ips.GetProperty("value").GetDouble());
        Assert.True(ips.GetProperty("ciHigh").GetDouble() > ips.GetProperty("value").GetDouble());
        Assert.Equal("ridge-cross-fitted", json.RootElement.GetProperty("rewardModel").GetString());
    }

    [Fact]
    public void Evaluate_writes_markdown_to_standard_output_and_progress_to_standard_error()
    {
        var (logs, policy, rewardModel) = WriteToyLog();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["evaluate", "--logs", logs, "--policy", policy, "--reward-model", rewardModel, "--format", "markdown", "--bootstrap", "0"],
            output,
            error);

        Assert.Equal(0, exitCode);
        Assert.Contains("| ips | 1 |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| dr | 0.7 |", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("read 4 logged rows", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_exits_with_code_2_and_names_the_line_and_column()
    {
        var (_, policy, _) = WriteToyLog();
        var logs = Path.Combine(directory, "bad.csv");
        File.WriteAllText(logs, "round,position,action,reward,pscore\n1,0,0,1,0.5\n2,0,0,1,1.5\n");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(["evaluate", "--logs", logs, "--policy", policy], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("line 3, column 'pscore'", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Evaluate_with_chart_writes_a_png_of_the_estimates()
    {
        var (logs, policy, rewardModel) = WriteToyLog();
        var chart = Path.Combine(directory, "estimates.png");

        var exitCode = OfflineProgram.Run(
            ["evaluate", "--logs", logs, "--policy", policy, "--reward-model", rewardModel, "--bootstrap", "0", "--chart", chart],
            new StringWriter(),
            new StringWriter());

        Assert.Equal(0, exitCode);
        var png = File.ReadAllBytes(chart);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        // IHDR: big-endian width and height at bytes 16 and 20.
        Assert.Equal(900, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(500, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Theory]
    [InlineData("logs", "round,position,action,reward,pscore\n1,0,0,1,0.5\n2,0,0,NaN,0.5\n", "line 3, column 'reward'")]
    [InlineData("logs", "round,position,action,pscore\n1,0,0,0.5\n", "required column 'reward'")]
    [InlineData("policy", "round,position,action,prob\n1,0,0,0.5\n1,0,1,0.4\n2,0,0,1\n", "line 2, column 'prob'")]
    public void Bad_input_leaves_no_report_or_chart_behind(string which, string content, string expected)
    {
        var (logs, policy, _) = WriteToyLog();
        File.WriteAllText(which == "logs" ? logs : policy, content);
        var report = Path.Combine(directory, "report.json");
        var chart = Path.Combine(directory, "report.png");
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(["evaluate", "--logs", logs, "--policy", policy, "--out", report, "--chart", chart], new StringWriter(), error);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(report));
        Assert.False(File.Exists(chart));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void Unknown_estimator_is_refused_listing_the_valid_names()
    {
        var (logs, policy, _) = WriteToyLog();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(["evaluate", "--logs", logs, "--policy", policy, "--estimators", "ips,magic"], new StringWriter(), error);

        Assert.Equal(2, exitCode);
        Assert.Contains("'magic'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("switch-dr", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_option_is_a_parse_error()
    {
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(["evaluate", "--policy", "p.csv"], new StringWriter(), error);

        Assert.Equal(1, exitCode);
        Assert.Contains("--logs", error.ToString(), StringComparison.Ordinal);
    }

    private (string Logs, string Policy, string RewardModel) WriteToyLog()
    {
        var logs = Path.Combine(directory, "logs.csv");
        var policy = Path.Combine(directory, "policy.csv");
        var rewardModel = Path.Combine(directory, "qhat.csv");
        File.WriteAllText(logs, "round,position,action,reward,pscore\n1,0,0,1,0.5\n2,0,0,1,0.5\n3,0,0,0,0.5\n4,0,1,1,0.5\n");
        File.WriteAllText(policy, "round,position,action,prob\n1,0,0,1\n2,0,0,1\n3,0,0,1\n4,0,0,1\n");
        File.WriteAllText(rewardModel, "round,position,action,qhat\n" + string.Concat(
            Enumerable.Range(1, 4).Select(r => $"{r},0,0,0.6\n{r},0,1,0.5\n")));
        return (logs, policy, rewardModel);
    }

    private static void WriteUniformPolicy(string logsPath, string policyPath)
    {
        using var writer = new StreamWriter(policyPath);
        writer.WriteLine("round,position,action,prob");
        var probability = (1.0 / 34).ToString("R", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines(logsPath).Skip(1))
        {
            var fields = line.Split(',', 3);
            for (var item = 0; item < 34; item++)
            {
                writer.WriteLine($"{fields[0]},{fields[1]},{item},{probability}");
            }
        }
    }
}
