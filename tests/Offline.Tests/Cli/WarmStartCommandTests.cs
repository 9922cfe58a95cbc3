using System.Globalization;
using System.Net;
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
    public void Warmstart_puts_the_written_model_file_to_the_surface_model_endpoint_with_the_api_key()
    {
        var logs = WriteCsv(WarmStartGateTests.ContextualWorld(seed: 41, n: 3000, informative: true));
        var model = Path.Combine(directory, "model.json");
        var error = new StringWriter();
        using var server = new ModelEndpointStub(HttpStatusCode.OK);

        var exitCode = OfflineProgram.Run(
            ["warmstart", "--logs", logs, "--out", model, "--bootstrap", "0", "--alpha", "0.5",
             "--publish-url", server.BaseAddress.AbsoluteUri, "--publish-surface", "home page", "--api-key", "admin-secret"],
            new StringWriter(),
            error);

        Assert.Equal(0, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/v1/surfaces/home%20page/model", request.Path);
        Assert.Equal("admin-secret", request.ApiKey);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(model), request.Body);
        var document = JsonSerializer.Deserialize<WarmStartModelDocument>(request.Body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("home page", document.Surface);
        Assert.Contains("published", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Warmstart_whose_publish_is_rejected_keeps_the_model_file_and_exits_with_4()
    {
        var logs = WriteCsv(WarmStartGateTests.ContextualWorld(seed: 41, n: 3000, informative: true));
        var model = Path.Combine(directory, "model.json");
        var error = new StringWriter();
        using var server = new ModelEndpointStub(HttpStatusCode.Unauthorized);

        var exitCode = OfflineProgram.Run(
            ["warmstart", "--logs", logs, "--out", model, "--bootstrap", "0", "--alpha", "0.5",
             "--publish-url", server.BaseAddress.AbsoluteUri, "--publish-surface", "home"],
            new StringWriter(),
            error);

        Assert.Equal(4, exitCode);
        Assert.True(File.Exists(model));
        Assert.Null(Assert.Single(server.Requests).ApiKey);
        Assert.Contains("401", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("rejected by the stub", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Warmstart_refused_by_the_gate_publishes_nothing()
    {
        var logs = WriteCsv(WarmStartGateTests.ContextualWorld(seed: 42, n: 3000, informative: false));
        using var server = new ModelEndpointStub(HttpStatusCode.OK);

        var exitCode = OfflineProgram.Run(
            ["warmstart", "--logs", logs, "--out", Path.Combine(directory, "model.json"), "--bootstrap", "0",
             "--publish-url", server.BaseAddress.AbsoluteUri, "--publish-surface", "home", "--api-key", "k"],
            new StringWriter(),
            new StringWriter());

        Assert.Equal(3, exitCode);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Warmstart_with_a_publish_url_but_no_surface_is_a_command_line_error()
    {
        var logs = WriteCsv(WarmStartGateTests.ContextualWorld(seed: 41, n: 300, informative: true));
        var error = new StringWriter();

        var exitCode = OfflineProgram.Run(
            ["warmstart", "--logs", logs, "--out", Path.Combine(directory, "model.json"), "--publish-url", "http://127.0.0.1:9/"],
            new StringWriter(),
            error);

        Assert.Equal(1, exitCode);
        Assert.Contains("--publish-surface", error.ToString(), StringComparison.Ordinal);
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
