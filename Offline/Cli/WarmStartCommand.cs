using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BanditServe.Bandits;
using BanditServe.Offline.Csv;
using BanditServe.Offline.Estimation;
using BanditServe.Offline.Logs;
using BanditServe.Offline.WarmStart;
using BanditServe.Storage;

namespace BanditServe.Offline.Cli;

/// <summary>
/// The <c>warmstart</c> command on the generic CSV: fits Diag-LinUCB statistics (context columns are
/// the features), runs the OPE gate, and writes the model JSON only when the gate passes.
/// </summary>
internal static class WarmStartCommand
{
    /// <summary>Exit code when the gate refuses to publish.</summary>
    public const int RefusedExitCode = 3;

    /// <summary>Exit code when the gate passed and the model file was written but the server did not accept it.</summary>
    public const int PublishFailedExitCode = 4;

    /// <summary>JSON of the model file: the PUT /model body in web (camelCase) form.</summary>
    public static readonly JsonSerializerOptions ModelJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var logs = new Option<FileInfo?>("--logs") { Description = "Logged feedback CSV with context columns x0,x1,… (the features)." };
        var surface = new Option<string?>("--surface") { Description = "Fit on the server's own logs of this surface instead of a CSV; alpha, epsilon and ridge default to the surface's." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (inclusive) of the decisions read with --surface." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (exclusive) of the decisions read with --surface." };
        var config = new Option<FileInfo?>("--config") { Description = "Extra JSON configuration (Storage:Provider, Storage:SqlitePath, ConnectionStrings:Postgres) for --surface." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the model JSON, the body of PUT /v1/surfaces/{surface}/model (written only when the gate passes).", Required = true };
        var rewardModel = new Option<FileInfo?>("--reward-model") { Description = "Reward model CSV for the gate's DR estimate; without it a cross-fitted ridge model is fitted." };
        var ridge = new Option<double>("--ridge") { Description = "Prior precision of every coordinate.", DefaultValueFactory = _ => 1.0 };
        var alpha = new Option<double>("--alpha") { Description = "Exploration width of the serving surface.", DefaultValueFactory = _ => 1.0 };
        var epsilon = new Option<double>("--epsilon") { Description = "Per-slot uniform exploration of the serving surface.", DefaultValueFactory = _ => 0.05 };
        var weighting = new Option<string>("--weighting") { Description = "Row weights: plain, or ips (importance-weighted to uniform, capped, ESS-rescaled).", DefaultValueFactory = _ => "plain" };
        weighting.AcceptOnlyFromAmong("plain", "ips");
        var maxWeight = new Option<double>("--max-weight") { Description = "Cap of the importance weights.", DefaultValueFactory = _ => 20.0 };
        var trust = new Option<double>("--trust") { Description = "Trust γ in (0,1] multiplying the offline statistics.", DefaultValueFactory = _ => 1.0 };
        var cap = new Option<double>("--cap") { Description = "Pseudo-observation cap per (item, coordinate).", DefaultValueFactory = _ => 50.0 };
        var forgetting = new Option<double>("--forgetting") { Description = "Forgetting factor applied per item row in log order (1 = none).", DefaultValueFactory = _ => 1.0 };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds of the gate.", DefaultValueFactory = _ => 3 };
        var estimator = new Option<string>("--estimator") { Description = "Gate estimator.", DefaultValueFactory = _ => "dr" };
        var clip = new Option<double>("--clip") { Description = "Weight threshold of ips-clip and switch-dr.", DefaultValueFactory = _ => 20.0 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the gate's interval; 0 gives the normal approximation.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of folds, reward model and bootstrap.", DefaultValueFactory = _ => 12345 };
        var publishUrl = new Option<string?>("--publish-url") { Description = "Base address of a running server; when the gate passes the model file is PUT to URL/v1/surfaces/{surface}/model." };
        var publishSurface = new Option<string?>("--publish-surface") { Description = "Surface to publish to; defaults to --surface (required with --logs and --publish-url)." };
        var apiKey = new Option<string?>("--api-key") { Description = $"Admin key sent as X-Api-Key with --publish-url; defaults to the {ModelPublisher.ApiKeyVariable} environment variable." };
        var publishStore = new Option<bool>("--publish-store")
        {
            Description = "When the gate passes, also save the model as a snapshot of the surface in the server's storage (Storage:Provider, Storage:SqlitePath, ConnectionStrings:Postgres; --config).",
        };
        var publishTimeout = new Option<double>("--publish-timeout") { Description = "Seconds to wait for the server's answer.", DefaultValueFactory = _ => 100.0 };

        var command = new Command("warmstart", "Fit a Diag-LinUCB warm start from logged feedback and publish it only if its DR lower bound reaches the logging policy's value.")
        {
            logs, surface, from, to, config, output, rewardModel, ridge, alpha, epsilon, weighting, maxWeight, trust, cap, forgetting, folds, estimator, clip, bootstrap, seed,
            publishUrl, publishSurface, apiKey, publishTimeout, publishStore,
        };
        command.SetAction((parse, cancellationToken) => JobConsole.RunAsync(
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, io => RunAsync(parse, io, cancellationToken)));
        return command;

        async Task<int> RunAsync(ParseResult parse, JobConsole.Io io, CancellationToken cancellationToken)
        {
            var error = io.Error;
            var progress = io.Progress;
            Uri? publishTo = null;
            var targetSurface = parse.GetValue(publishSurface) ?? parse.GetValue(surface);
            if (parse.GetValue(publishUrl) is { } publishText
                && (!Uri.TryCreate(publishText, UriKind.Absolute, out publishTo) || publishTo.Scheme is not ("http" or "https")))
            {
                error.WriteLine("banditserve-offline warmstart: --publish-url must be an absolute http(s) address.");
                return 1;
            }

            if (publishTo is not null && string.IsNullOrWhiteSpace(targetSurface))
            {
                error.WriteLine("banditserve-offline warmstart: --publish-url needs --publish-surface (or --surface).");
                return 1;
            }

            if (parse.GetValue(publishStore) && string.IsNullOrWhiteSpace(targetSurface))
            {
                error.WriteLine("banditserve-offline warmstart: --publish-store needs --publish-surface (or --surface).");
                return 1;
            }

            if (!(parse.GetValue(publishTimeout) > 0))
            {
                error.WriteLine("banditserve-offline warmstart: --publish-timeout must be > 0.");
                return 1;
            }

            try
            {
                LoggedFeedback loggedFeedback;
                SurfaceRecord? surfaceRecord = null;
                if (parse.GetValue(surface) is { } surfaceId)
                {
                    if (parse.GetValue(from) is not { } start || parse.GetValue(to) is not { } end)
                    {
                        error.WriteLine("banditserve-offline warmstart: --surface needs --from and --to.");
                        return 1;
                    }

                    var stored = await StoredFeedbackSource.ReadAsync(parse.GetValue(config), surfaceId, start, end, progress, cancellationToken);
                    loggedFeedback = stored.Feedback;
                    surfaceRecord = stored.Surface;
                }
                else if (parse.GetValue(logs) is { } logsInfo)
                {
                    loggedFeedback = LoggedFeedbackCsv.ReadFile(logsInfo.FullName, progress);
                    progress.Note($"read {loggedFeedback.Count} logged rows with {loggedFeedback.ContextDimension} context columns from {logsInfo.FullName}");
                }
                else
                {
                    error.WriteLine("banditserve-offline warmstart: give --logs, or --surface with --from and --to.");
                    return 1;
                }

                // Options left at their defaults take the stored surface's settings.
                double Setting(Option<double> option, double? surfaceValue) =>
                    parse.GetResult(option) is { Implicit: false } || surfaceValue is null ? parse.GetValue(option) : surfaceValue.Value;
                var warmStart = new WarmStartOptions
                {
                    Ridge = Setting(ridge, surfaceRecord?.Ridge),
                    Weighting = parse.GetValue(weighting) == "ips" ? WarmStartWeighting.ImportanceWeighted : WarmStartWeighting.Plain,
                    MaxImportanceWeight = parse.GetValue(maxWeight),
                    Trust = parse.GetValue(trust),
                    PseudoObservationCap = parse.GetValue(cap),
                    Forgetting = parse.GetValue(forgetting),
                };
                warmStart.Validate();
                var gateEstimator = EstimatorNames.ParseList(parse.GetValue(estimator)!);
                var gate = new WarmStartGateOptions
                {
                    Alpha = Setting(alpha, surfaceRecord?.Alpha),
                    Epsilon = Setting(epsilon, surfaceRecord?.Epsilon),
                    Folds = parse.GetValue(folds),
                    Estimator = gateEstimator[0],
                    EstimatorOptions = new EstimatorOptions { ClipThreshold = parse.GetValue(clip) },
                    BootstrapSamples = Math.Max(0, parse.GetValue(bootstrap)),
                    Seed = parse.GetValue(seed),
                };
                gate.Validate();
                var surfaceOptions = new DiagLinUcbOptions(gate.Alpha, gate.Epsilon, warmStart.Ridge, surfaceRecord?.Forgetting ?? 1).Validate();
                var table = parse.GetValue(rewardModel) is { } rewardModelFile ? RewardModelCsv.ReadFile(rewardModelFile.FullName) : null;

                var decision = WarmStartGate.Decide(loggedFeedback, warmStart, gate, table, progress);
                progress.Note(decision.Reason);
                var statistics = DiagLinUcbWarmStart.Fit(loggedFeedback, warmStart, progress: progress);
                var modelFile = parse.GetRequiredValue(output).FullName;
                WarmStartModelDocument? document = null;
                if (decision.Publish)
                {
                    document = new WarmStartModelDocument(
                        targetSurface ?? "warm-start", "diag-linucb", 0, statistics.ToSnapshot(surfaceOptions));
                    CommandOutput.WriteAtomically(modelFile, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(document, ModelJson) + Environment.NewLine));
                }

                io.Output.WriteLine(GateJson(decision, statistics, warmStart, decision.Publish ? modelFile : null));
                if (!decision.Publish)
                {
                    return RefusedExitCode;
                }

                if (publishTo is not null)
                {
                    var modelUri = ModelPublisher.ModelUri(publishTo, targetSurface!);
                    var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ModelPublisher.ApiKeyVariable);
                    var failure = await ModelPublisher.PutAsync(
                        modelUri, modelFile, key, TimeSpan.FromSeconds(parse.GetValue(publishTimeout)), cancellationToken);
                    if (failure is not null)
                    {
                        error.WriteLine($"banditserve-offline warmstart: the model was written to {modelFile} but not published: {failure}");
                        return PublishFailedExitCode;
                    }

                    progress.Note($"published {modelFile} to {modelUri}");
                }

                if (parse.GetValue(publishStore))
                {
                    var (snapshotId, failure) = await StoredModelPublisher.SaveAsync(parse.GetValue(config), targetSurface!, document!.DiagLinUcb, cancellationToken);
                    if (failure is not null)
                    {
                        error.WriteLine($"banditserve-offline warmstart: the model was written to {modelFile} but not saved in the store: {failure}");
                        return PublishFailedExitCode;
                    }

                    progress.Note($"saved the model as snapshot {snapshotId} of surface '{targetSurface}' in the store");
                }

                return 0;
            }
            catch (Exception ex) when (ex is CsvFormatException or InvalidDataException or FormatException
                or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or BanditArgumentException
                or System.Data.Common.DbException)
            {
                error.WriteLine($"banditserve-offline warmstart: {ex.Message}");
                return 2;
            }
        }
    }

    private static string GateJson(WarmStartGateDecision decision, WarmStartStatistics statistics, WarmStartOptions warmStart, string? modelFile)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var estimate = decision.WarmStartEstimate;
            json.WriteStartObject();
            json.WriteBoolean("publish", decision.Publish);
            json.WriteString("reason", decision.Reason);
            json.WriteString("estimator", EstimatorNames.NameOf(estimate.Estimator));
            json.WriteNumber("value", estimate.Value);
            json.WriteNumber("stdErr", estimate.StandardError);
            json.WriteNumber("ciLow", estimate.Interval.Low);
            json.WriteNumber("ciHigh", estimate.Interval.High);
            json.WriteNumber("loggingPolicyValue", decision.LoggingPolicyValue);
            json.WriteNumber("rounds", decision.Evaluation.Rounds);
            json.WriteNumber("effectiveSampleSize", decision.Evaluation.Weights.EffectiveSampleSize);
            json.WriteNumber("items", statistics.Items.Count);
            json.WriteNumber("dimension", statistics.Dimension);
            json.WriteString("weighting", warmStart.Weighting == WarmStartWeighting.Plain ? "plain" : "ips");
            json.WriteNumber("trust", warmStart.Trust);
            json.WriteNumber("forgetting", warmStart.Forgetting);
            if (double.IsFinite(warmStart.PseudoObservationCap))
            {
                json.WriteNumber("cap", warmStart.PseudoObservationCap);
            }

            if (modelFile is null)
            {
                json.WriteNull("model");
            }
            else
            {
                json.WriteString("model", modelFile);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
