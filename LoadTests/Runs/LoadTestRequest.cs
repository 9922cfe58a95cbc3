using BanditServe.LoadTests.Running;
using BanditServe.LoadTests.Scenarios;
using BanditServe.LoadTests.Slo;

namespace BanditServe.LoadTests.Runs;

/// <summary>One invocation of the tool: which scenario, against what, with which load and objectives.</summary>
public sealed record LoadTestRequest
{
    public required string Scenario { get; init; }

    /// <summary>BanditServe's base URL (127.0.0.1 only), or null to load the tool's own baseline endpoint.</summary>
    public Uri? TargetUrl { get; init; }

    public required LoadProfile Profile { get; init; }

    public ScenarioSettings Settings { get; init; } = new();

    public IReadOnlyList<ServiceLevelObjective> Objectives { get; init; } = [];

    /// <summary>After the run, send the same load to the baseline endpoint and report the ratios.</summary>
    public bool CompareWithBaseline { get; init; } = true;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Open model: connections the client may open (the closed model opens one per worker).</summary>
    public int MaxConnections { get; init; } = 256;

    public string CommandLine { get; init; } = "";
}
