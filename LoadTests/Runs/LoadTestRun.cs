using BanditServe.LoadTests.Recording;
using BanditServe.LoadTests.Reporting;
using BanditServe.LoadTests.Running;
using BanditServe.LoadTests.Scenarios;
using BanditServe.LoadTests.Targets;

namespace BanditServe.LoadTests.Runs;

/// <summary>
/// Runs a scenario against its target, then (unless told not to) the same load against the bare
/// Kestrel floor, and builds the report with the objectives evaluated.
/// </summary>
public static class LoadTestRun
{
    public static async Task<RunReport> ExecuteAsync(LoadTestRequest request, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        request.Profile.Validate();
        request.Settings.Validate();
        var startedAt = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.ReadLoadAverage();

        RunReport report;
        LoadRecorder recorder;
        if (request.TargetUrl is { } url)
        {
            (report, recorder) = await RunOnceAsync(request, LoopbackAddress.RequireHttp(url), "server", isBanditServe: true, useKafka: true, progress, cancellationToken);
        }
        else
        {
            await using var baseline = await BaselineServer.StartAsync(0, cancellationToken);
            (report, recorder) = await RunOnceAsync(request, baseline.BaseAddress, "baseline", isBanditServe: false, useKafka: false, progress, cancellationToken);
        }

        BaselineComparison? comparison = null;
        if (request.TargetUrl is not null && request.CompareWithBaseline && ScenarioCatalog.HasHttpFloor(request.Scenario))
        {
            await progress.WriteLineAsync("running the same load against the bare Kestrel floor…");
            await using var baseline = await BaselineServer.StartAsync(0, cancellationToken);
            var (floor, _) = await RunOnceAsync(request, baseline.BaseAddress, "baseline", isBanditServe: false, useKafka: false, progress, cancellationToken);
            comparison = Compare(report.Primary, floor.Primary);
        }

        report = report with
        {
            StartedAt = startedAt,
            Baseline = comparison,
            Machine = MachineInfo.Describe(loadAtStart, MachineInfo.ReadLoadAverage()),
        };
        var objectives = request.Objectives.Select(objective => objective.Evaluate(report, (kind, percentile) => PercentileOf(recorder, kind, percentile))).ToArray();
        return report with { Objectives = objectives };
    }

    /// <summary>One run against one target; <paramref name="isBanditServe"/> is false for the bare Kestrel floor, which has no metrics to sample and no model to train.</summary>
    private static async Task<(RunReport Report, LoadRecorder Recorder)> RunOnceAsync(
        LoadTestRequest request, Uri target, string targetName, bool isBanditServe, bool useKafka, TextWriter progress, CancellationToken cancellationToken)
    {
        var profile = request.Profile;
        var connections = profile.Model == LoadModel.Closed ? profile.Connections : request.MaxConnections;
        using var http = LoadHttpClient.Create(target, connections, request.RequestTimeout);
        var client = new BanditServeClient(http, request.Settings);
        await progress.WriteLineAsync($"setting up {request.Scenario} on {target} (surface '{request.Settings.Surface}', {request.Settings.CatalogSize:N0} items, d={request.Settings.Dimension})…");
        using var scenario = await ScenarioCatalog.SetUpAsync(request.Scenario, client, useKafka, trainCatalog: isBanditServe, cancellationToken);

        var recorder = new LoadRecorder(profile.Warmup, profile.TotalDuration);
        using var stopSide = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var serverMetrics = new ServerMetricsSampler(http);
        var runTask = LoadRunner.RunAsync(profile, scenario.Operation, recorder, cancellationToken);

        // The runner sets the start timestamp synchronously before its first await.
        var serverMetricsTask = isBanditServe ? serverMetrics.RunAsync(recorder.StartTimestamp, stopSide.Token) : Task.CompletedTask;
        var progressTask = ProgressReporter.RunAsync(targetName, recorder, profile.TotalDuration, progress, stopSide.Token);
        try
        {
            await runTask;
        }
        finally
        {
            await stopSide.CancelAsync();
            await Task.WhenAll(serverMetricsTask, progressTask);
        }

        var report = new RunReport
        {
            Scenario = request.Scenario,
            Target = targetName,
            TargetUrl = target.ToString(),
            StartedAt = DateTimeOffset.UtcNow,
            CommandLine = request.CommandLine,
            Model = profile.Model == LoadModel.Open ? "open" : "closed",
            Load = DescribeLoad(profile),
            WarmupSeconds = profile.Warmup.TotalSeconds,
            MeasuredSeconds = Math.Round(KindReports.MeasuredSeconds(recorder), 2),
            PrimaryKind = scenario.PrimaryKind,
            Settings = DescribeSettings(request),
            Machine = MachineInfo.Describe(null, null),
            Kinds = KindReports.From(recorder),
            SendLagP99Ms = profile.Model == LoadModel.Open && recorder.SendLag.TotalCount > 0
                ? LatencyScale.ToMilliseconds(recorder.SendLag.GetValueAtPercentile(99))
                : null,
            Memory = isBanditServe ? serverMetrics.WorkingSetReport(profile.Warmup) : null,
            ServerRankDuration = isBanditServe ? serverMetrics.RankDurationReport(profile.Warmup) : null,
        };
        return (report, recorder);
    }

    private static BaselineComparison? Compare(RequestKindReport? server, RequestKindReport? floor)
    {
        if (server is null || floor is null)
        {
            return null;
        }

        return new BaselineComparison(
            floor.ThroughputPerSecond,
            floor.Latency,
            floor.Errors,
            Ratio(server.ThroughputPerSecond, floor.ThroughputPerSecond),
            Ratio(server.Latency.P50Ms, floor.Latency.P50Ms),
            Ratio(server.Latency.P99Ms, floor.Latency.P99Ms));
    }

    private static double Ratio(double value, double floor) => floor > 0 ? Math.Round(value / floor, 3) : double.NaN;

    private static double PercentileOf(LoadRecorder recorder, string kind, double percentile) =>
        recorder.Kinds.TryGetValue(kind, out var recorded) && recorded.Latencies.TotalCount > 0
            ? LatencyScale.ToMilliseconds(recorded.Latencies.GetValueAtPercentile(percentile))
            : double.NaN;

    private static string DescribeLoad(LoadProfile profile) => profile.Model == LoadModel.Open
        ? string.Join(" then ", profile.Stages.Select(stage => stage.StartRate == stage.EndRate
            ? $"{Profiles.DurationText.Format(stage.Duration)} at {stage.StartRate:0.#}/s"
            : $"{Profiles.DurationText.Format(stage.Duration)} ramp {stage.StartRate:0.#}→{stage.EndRate:0.#}/s"))
        : $"{profile.Connections} connections for {Profiles.DurationText.Format(profile.Duration)}"
            + (profile.RampUp > TimeSpan.Zero ? $" (ramp-up {Profiles.DurationText.Format(profile.RampUp)})" : "");

    private static SortedDictionary<string, string> DescribeSettings(LoadTestRequest request)
    {
        var settings = request.Settings;
        var described = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["surface"] = settings.Surface,
            ["catalog"] = settings.CatalogSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dimension"] = settings.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["slots"] = settings.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["contexts"] = settings.Contexts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = settings.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (request.Scenario is ScenarioCatalog.RankReward or ScenarioCatalog.Mixed)
        {
            described["clickRate"] = settings.ClickRate.ToString(System.Globalization.CultureInfo.InvariantCulture);
            described["positionDecay"] = settings.PositionDecay.ToString(System.Globalization.CultureInfo.InvariantCulture);
            described["rewardShare"] = settings.RewardShare.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Scenario is ScenarioCatalog.Mixed)
        {
            described["mix"] = string.Join(',', settings.MixWeights.Select(weight => weight.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (request.Profile.Model == LoadModel.Open)
        {
            described["maxConnections"] = request.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture);
            described["maxInFlight"] = request.Profile.MaxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return described;
    }
}
