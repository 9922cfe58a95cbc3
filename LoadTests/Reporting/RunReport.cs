namespace BanditServe.LoadTests.Reporting;

/// <summary>Everything one run measured: written as JSON and Markdown and drawn as a PNG.</summary>
public sealed record RunReport
{
    public required string Scenario { get; init; }

    /// <summary><c>server</c> (BanditServe at <see cref="TargetUrl"/>) or <c>baseline</c> (the tool's bare Kestrel endpoint).</summary>
    public required string Target { get; init; }

    public required string TargetUrl { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The exact arguments the tool was started with.</summary>
    public required string CommandLine { get; init; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Human description of the load, e.g. <c>30s@2000/s</c> or <c>32 connections for 30s</c>.</summary>
    public required string Load { get; init; }

    public required double WarmupSeconds { get; init; }

    public required double MeasuredSeconds { get; init; }

    /// <summary>The kind of the scenario's primary request; objectives without a kind apply to it.</summary>
    public required string PrimaryKind { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required MachineInfo Machine { get; init; }

    public required IReadOnlyList<RequestKindReport> Kinds { get; init; }

    /// <summary>Open model: p99 of how late the dispatcher sent requests after their intended time (tool overhead, included in latencies).</summary>
    public double? SendLagP99Ms { get; init; }

    public MemoryReport? Memory { get; init; }

    /// <summary>The server's own timing of its rankings after warm-up; null for targets without it (the floor).</summary>
    public ServerRankDurationReport? ServerRankDuration { get; init; }

    public BaselineComparison? Baseline { get; init; }

    public IReadOnlyList<SloResult> Objectives { get; init; } = [];

    public bool Passed => Objectives.All(objective => objective.Passed);

    [System.Text.Json.Serialization.JsonIgnore]
    public RequestKindReport? Primary => Kinds.FirstOrDefault(kind => kind.Kind == PrimaryKind);
}
