using System.CommandLine;
using BanditServe.Offline.Csv;
using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;
using BanditServe.Offline.Logs;
using BanditServe.Offline.StoredLogs;
using BanditServe.Offline.WarmStart;

namespace BanditServe.Offline.Cli;

/// <summary>The <c>evaluate</c> command of API.md "Offline jobs" on the generic CSV inputs.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var logs = new Option<FileInfo?>("--logs") { Description = "Logged feedback CSV: round,position,action,reward,pscore[,x0,x1,…]." };
        var policy = new Option<FileInfo?>("--policy") { Description = "Evaluation policy CSV: round,position,action,prob." };
        var surface = new Option<string?>("--surface") { Description = "Evaluate on the server's own logs of this surface instead of CSV files." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (inclusive) of the decisions read with --surface." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End (exclusive) of the decisions read with --surface." };
        var candidate = new Option<string>("--candidate") { Description = "Candidate policy for --surface, e.g. diag-linucb:alpha=0.5,epsilon=0.05,ridge=1,forgetting=1,mode=crossfit|replay (crossfit: statistics fitted on the other folds, the default; replay: learned round by round in log order from the prior).", DefaultValueFactory = _ => "diag-linucb" };
        var config = new Option<FileInfo?>("--config") { Description = "Extra JSON configuration (Storage:Provider, Storage:SqlitePath, ConnectionStrings:Postgres) for --surface." };
        var rewardModel = new Option<FileInfo?>("--reward-model") { Description = "Reward model CSV: round,position,action,qhat. Without it a cross-fitted ridge model is fitted on the context columns." };
        var estimators = new Option<string>("--estimators")
        {
            Description = "Comma-separated estimators: ips,ips-clip,snips,dm,dr,sndr,switch-dr (also dr-os, replay).",
            DefaultValueFactory = _ => string.Join(',', EstimatorNames.Defaults.Select(EstimatorNames.NameOf)),
        };
        var clip = new Option<double>("--clip") { Description = "Weight threshold of ips-clip and switch-dr.", DefaultValueFactory = _ => 20.0 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples; 0 gives normal-approximation intervals.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap and the reward model's folds.", DefaultValueFactory = _ => 12345 };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "markdown");
        var output = new Option<FileInfo?>("--out") { Description = "Write the report to this file instead of standard output." };
        var chart = new Option<FileInfo?>("--chart") { Description = "Also draw the estimates with their intervals to this PNG file." };

        var command = new Command("evaluate", "Estimate the value of an evaluation policy on logged feedback, with confidence intervals.")
        {
            logs, policy, surface, from, to, candidate, config, rewardModel, estimators, clip, bootstrap, seed, format, output, chart,
        };
        command.SetAction((parse, cancellationToken) => JobConsole.RunAsync(
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, io => RunAsync(parse, io, cancellationToken)));
        return command;

        async Task<int> RunAsync(ParseResult parse, JobConsole.Io io, CancellationToken cancellationToken)
        {
            var error = io.Error;
            var progress = io.Progress;
            try
            {
                var options = new EvaluationOptions
                {
                    Estimators = EstimatorNames.ParseList(parse.GetValue(estimators)!),
                    EstimatorOptions = new EstimatorOptions { ClipThreshold = parse.GetValue(clip) },
                    BootstrapSamples = Math.Max(0, parse.GetValue(bootstrap)),
                    Seed = parse.GetValue(seed),
                };
                options.EstimatorOptions.Validate();
                EvaluationReport report;
                if (parse.GetValue(surface) is { } surfaceId)
                {
                    if (parse.GetValue(from) is not { } start || parse.GetValue(to) is not { } end)
                    {
                        error.WriteLine("banditserve-offline evaluate: --surface needs --from and --to.");
                        return 1;
                    }

                    var stored = await StoredFeedbackSource.ReadAsync(parse.GetValue(config), surfaceId, start, end, progress, cancellationToken);
                    var surfaceDefaults = new CandidatePolicy(stored.Surface.Alpha, stored.Surface.Epsilon, stored.Surface.Ridge, stored.Surface.Forgetting);
                    var candidatePolicy = CandidatePolicy.Parse(parse.GetValue(candidate)!, surfaceDefaults);
                    var serving = candidatePolicy.Serving(new WarmStartGateOptions { Seed = options.Seed });
                    serving.Validate();
                    candidatePolicy.WarmStart(new WarmStartOptions()).Validate();
                    EvaluationPolicy candidateDistributions;
                    if (candidatePolicy.Mode == CandidateMode.Replay)
                    {
                        progress.Note($"replaying the candidate {parse.GetValue(candidate)} over the logs in order");
                        candidateDistributions = CandidateReplay.Replay(stored.Feedback, candidatePolicy, progress: progress);
                    }
                    else
                    {
                        progress.Note($"fitting the candidate {parse.GetValue(candidate)} cross-fitted on the logs");
                        candidateDistributions = WarmStartGate.CrossFittedPolicy(stored.Feedback, candidatePolicy.WarmStart(new WarmStartOptions()), serving, progress);
                    }

                    report = OffPolicyEvaluation.Evaluate(stored.Feedback, candidateDistributions, null, options, progress);
                }
                else
                {
                    if (parse.GetValue(logs) is not { } logsInfo || parse.GetValue(policy) is not { } policyInfo)
                    {
                        error.WriteLine("banditserve-offline evaluate: give --logs and --policy, or --surface with --from and --to.");
                        return 1;
                    }

                    var loggedFeedback = LoggedFeedbackCsv.ReadFile(logsInfo.FullName, progress);
                    progress.Note($"read {loggedFeedback.Count} logged rows from {logsInfo.FullName}");
                    var evaluationPolicy = EvaluationPolicyCsv.ReadFile(policyInfo.FullName);
                    progress.Note($"read the evaluation policy at {evaluationPolicy.Count} (round, position) pairs");
                    var table = parse.GetValue(rewardModel) is { } rewardModelFile ? RewardModelCsv.ReadFile(rewardModelFile.FullName) : null;
                    report = OffPolicyEvaluation.Evaluate(loggedFeedback, evaluationPolicy, table, options, progress);
                }

                var text = parse.GetValue(format) == "markdown"
                    ? EvaluationReportMarkdown.Format(report)
                    : EvaluationReportJson.Format(report) + Environment.NewLine;
                // Everything is computed before anything is written: a failure leaves no report and no chart.
                var png = parse.GetValue(chart) is not null ? EvaluationChart.Png(report) : null;
                CommandOutput.Write(parse, output, io.Output, text);
                if (png is not null)
                {
                    CommandOutput.WriteAtomically(parse.GetValue(chart)!.FullName, png);
                }

                return 0;
            }
            catch (Exception ex) when (ex is CsvFormatException or InvalidDataException or FormatException
                or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                or System.Data.Common.DbException)
            {
                error.WriteLine($"banditserve-offline evaluate: {ex.Message}");
                return 2;
            }
        }
    }
}
