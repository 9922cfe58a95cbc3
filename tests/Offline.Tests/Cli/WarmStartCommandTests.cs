using System.Globalization;
using System.Text;
using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.Offline.Logs;
using BanditServe.Offline.WarmStart;
using BanditServe.Offline.Tests.WarmStart;

namespace BanditServe.Offline.Tests.Cli;

/// <summary>End-to-end runs of <c>banditserve-offline warmstart</c> through <see cref="OfflineProgram"/>.</summary>
public sealed class WarmStartCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("banditserve-warmstart-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Warmstart_publishes_a_model_the_surface_model_imports_when_the_gate_passes()
    {
        var logs = WriteCsv(WarmStartGateTests.ContextualWorld(seed: 41, n: 3000, informative: true));
        var model = Path.Combine(directory, "model.json");
        var output = new StringWriter();

        var exitCode = OfflineProgram.Run(["warmstart", "--logs", logs, "--out", model, "--bootstrap", "200", "--alpha", "0.5"], output, new StringWriter());

        Assert.Equal(0, exitCode);
        using var gate = JsonDocument.Parse(output.ToString());
        Assert.True(gate.RootElement.GetProperty("publish").GetBoolean());
        Assert.True(gate.RootElement.GetProperty("ciLow").GetDouble() >= gate.RootElement.GetProperty("loggingPolicyValue").GetDouble());
        var document = JsonSerializer.Deserialize<WarmStartModelDocument>(File.ReadAllText(model), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("diag-linucb", document.Policy);
        var snapshot = document.DiagLinUcb;
        var surface = SurfaceModel.Import(snapshot);
        Assert.Equal(5, surface.ItemCount);
        Assert.Equal(2, surface.Dimension);
        Assert.Equal(0.5, surface.Options.Alpha);
    }

    [Fact]
    public void Warmstart_refuses_with_exit_code_3_writes_no_model_and_reports_the_numbers()
    {
        var logs = WriteCsv(WarmStartGateTests.ContextualWorld(seed: 42, n: 3000, informative: false));
        var model = Path.Combine(directory, "model.json");
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(["warmstart", "--logs", logs, "--out", model, "--bootstrap", "0"], output, error);

        Assert.Equal(3, exitCode);
        Assert.False(File.Exists(model));
        using var gate = JsonDocument.Parse(output.ToString());
        Assert.False(gate.RootElement.GetProperty("publish").GetBoolean());
        Assert.Equal(JsonValueKind.Null, gate.RootElement.GetProperty("model").ValueKind);
        Assert.Contains("refused", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Warmstart_without_context_columns_is_refused_as_bad_input()
    {
        var logs = Path.Combine(directory, "no-context.csv");
        File.WriteAllText(logs, "round,position,action,reward,pscore\n1,0,a,1,0.5\n2,0,b,0,0.5\n");
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(["warmstart", "--logs", logs, "--out", Path.Combine(directory, "m.json")], new StringWriter(), error);

        Assert.Equal(2, exitCode);
        Assert.Contains("context columns", error.ToString(), StringComparison.Ordinal);
    }

    private string WriteCsv(LoggedFeedback logs)
    {
        var path = Path.Combine(directory, "logs.csv");
        var text = new StringBuilder("round,position,action,reward,pscore,x0,x1\n");
        for (var i = 0; i < logs.Count; i++)
        {
            var x = logs.Context(i);
            text.AppendLine(CultureInfo.InvariantCulture, $"{logs.Rounds[i]},{logs.Positions[i]},{logs.Actions[i]},{logs.Rewards[i]},{logs.Propensities[i]},{x[0]},{x[1]}");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }
}
