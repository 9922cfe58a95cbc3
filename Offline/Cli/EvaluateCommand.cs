using System.CommandLine;
using BanditServe.Offline.Csv;
using BanditServe.Offline.Estimation;
using BanditServe.Offline.Evaluation;

namespace BanditServe.Offline.Cli;

/// <summary>The <c>evaluate</c> command of API.md "Offline jobs" on the generic CSV inputs.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var logs = new Option<FileInfo>("--logs") { Description = "Logged feedback CSV: round,position,action,reward,pscore[,x0,x1,…].", Required = true };
        var policy = new Option<FileInfo>("--policy") { Description = "Evaluation policy CSV: round,position,action,prob.", Required = true };
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

        var command = new Command("evaluate", "Estimate the value of an evaluation policy on logged feedback, with confidence intervals.")
        {
            logs, policy, rewardModel, estimators, clip, bootstrap, seed, format, output,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var progress = new ProgressWriter(error);
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
                var logsFile = parse.GetRequiredValue(logs).FullName;
                var loggedFeedback = LoggedFeedbackCsv.ReadFile(logsFile);
                progress.Report($"read {loggedFeedback.Count} logged rows from {logsFile}");
                var evaluationPolicy = EvaluationPolicyCsv.ReadFile(parse.GetRequiredValue(policy).FullName);
                progress.Report($"read the evaluation policy at {evaluationPolicy.Count} (round, position) pairs");
                var table = parse.GetValue(rewardModel) is { } rewardModelFile ? RewardModelCsv.ReadFile(rewardModelFile.FullName) : null;

                var report = OffPolicyEvaluation.Evaluate(loggedFeedback, evaluationPolicy, table, options, progress);
                var text = parse.GetValue(format) == "markdown"
                    ? EvaluationReportMarkdown.Format(report)
                    : EvaluationReportJson.Format(report) + Environment.NewLine;
                CommandOutput.Write(parse, output, text);
                return 0;
            }
            catch (Exception ex) when (ex is CsvFormatException or InvalidDataException or FormatException
                or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                error.WriteLine($"banditserve-offline evaluate: {ex.Message}");
                return 2;
            }
        });
        return command;
    }
}
