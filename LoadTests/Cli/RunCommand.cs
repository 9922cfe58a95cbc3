using System.CommandLine;
using System.Globalization;
using BanditServe.LoadTests.Profiles;
using BanditServe.LoadTests.Reporting;
using BanditServe.LoadTests.Running;
using BanditServe.LoadTests.Runs;
using BanditServe.LoadTests.Scenarios;
using BanditServe.LoadTests.Slo;

namespace BanditServe.LoadTests.Cli;

/// <summary><c>run &lt;scenario&gt;</c>: one load test with its report files and objectives.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "rank, rank-reward, reward-firehose or mixed." };
        scenario.AcceptOnlyFromAmong([.. ScenarioCatalog.Names]);
        var target = new Option<string>("--target") { Description = "server: BanditServe at --url; baseline: the tool's own bare Kestrel endpoint (the floor).", DefaultValueFactory = _ => "server" };
        target.AcceptOnlyFromAmong("server", "baseline");
        var url = new Option<string>("--url") { Description = "BanditServe base URL (127.0.0.1 only).", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var rate = new Option<double?>("--rate") { Description = "Open model: arrivals per second (constant after --ramp-up)." };
        var stages = new Option<string[]>("--stage") { Description = "Open model, instead of --rate: stages like 10s@100-2000 (ramp) or 60s@2000 (constant), in order; --warmup is their leading part.", Arity = ArgumentArity.ZeroOrMore };
        var connections = new Option<int?>("--connections") { Description = "Closed model: concurrent connections, each waiting for its answer." };
        var duration = new Option<string>("--duration") { Description = "Measured time after warm-up and ramp-up (e.g. 30s, 5m).", DefaultValueFactory = _ => "30s" };
        var warmup = new Option<string>("--warmup") { Description = "Leading time excluded from the statistics (after any ramp-up).", DefaultValueFactory = _ => "5s" };
        var rampUp = new Option<string>("--ramp-up") { Description = "Open: rate rises linearly from 0 over this time; closed: connections start one after another over it. Excluded like the warm-up.", DefaultValueFactory = _ => "0s" };
        var maxRequests = new Option<long>("--max-requests") { Description = "Hard cap on primary requests.", DefaultValueFactory = _ => 5_000_000 };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open model: requests in flight at most; later arrivals wait, and the wait counts in their latency.", DefaultValueFactory = _ => 4096 };
        var maxConnections = new Option<int>("--max-connections") { Description = "Open model: TCP connections at most.", DefaultValueFactory = _ => 256 };
        var timeout = new Option<string>("--timeout") { Description = "Per-request timeout (counted as an error).", DefaultValueFactory = _ => "10s" };
        var surface = new Option<string>("--surface") { Description = "Surface the scenario creates and loads.", DefaultValueFactory = _ => "loadtest" };
        var catalog = new Option<int>("--catalog") { Description = "Items in the catalog.", DefaultValueFactory = _ => 10_000 };
        var dimension = new Option<int>("--dimension") { Description = "Context dimension.", DefaultValueFactory = _ => 32 };
        var slots = new Option<int>("--slots") { Description = "Slots ranked per request.", DefaultValueFactory = _ => 5 };
        var contexts = new Option<int>("--contexts") { Description = "Distinct contexts cycled through.", DefaultValueFactory = _ => 1024 };
        var seed = new Option<int>("--seed") { Description = "Seed of contexts, clicks and the mix.", DefaultValueFactory = _ => 12345 };
        var clickRate = new Option<double>("--click-rate") { Description = "Click model: base click probability at slot 0.", DefaultValueFactory = _ => 0.1 };
        var positionDecay = new Option<double>("--position-decay") { Description = "Click model: multiplier per slot further down.", DefaultValueFactory = _ => 0.7 };
        var rewardShare = new Option<double>("--reward-share") { Description = "Share of shown items that get a reward posted (1 for a click, 0 otherwise).", DefaultValueFactory = _ => 0.5 };
        var rewardWindow = new Option<int>("--reward-window") { Description = "rewardWindowSeconds of the surface the scenario creates.", DefaultValueFactory = _ => 60 };
        var trainedShare = new Option<double>("--trained-share") { Description = "Share of the catalog given learned statistics (model import) before the run; 0 leaves every item at the prior.", DefaultValueFactory = _ => 0 };
        var primeDecisions = new Option<int>("--prime-decisions") { Description = "Decisions made over HTTP before a firehose; its rewards refer to them.", DefaultValueFactory = _ => 2000 };
        var adminKey = new Option<string?>("--admin-key") { Description = "Admin key (default: env BANDITSERVE_ADMIN_KEY).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BANDITSERVE_ADMIN_KEY") };
        var apiKey = new Option<string?>("--api-key") { Description = "Client key, when the server has Auth:ClientKeys." };
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers (127.0.0.1 only) for reward-firehose and mixed." };
        var rewardsTopic = new Option<string>("--rewards-topic") { Description = "Rewards topic.", DefaultValueFactory = _ => "banditserve.rewards" };
        var mix = new Option<string>("--mix") { Description = "Mixed scenario weights: rank,rank-reward,kafka-reward,item-churn.", DefaultValueFactory = _ => "0.70,0.20,0.05,0.05" };
        var slo = new Option<string[]>("--slo") { Description = "Objective, repeatable: p99<10ms, p99.9<=50ms, max<1s, errors<0.1%, errors=0, throughput>=1000/s, reward:p99<20ms. Exit code 2 when one is missed.", Arity = ArgumentArity.ZeroOrMore };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Skip the second run against the bare Kestrel floor." };
        var output = new Option<string?>("--out") { Description = "Report path prefix: writes PREFIX.json, PREFIX.md and PREFIX.png (default loadtest-reports/SCENARIO-TIME)." };

        var command = new Command("run", "Run one load scenario, write JSON/Markdown/PNG reports, check objectives.")
        {
            scenario, target, url, rate, stages, connections, duration, warmup, rampUp, maxRequests, maxInFlight, maxConnections, timeout,
            surface, catalog, dimension, slots, contexts, seed, clickRate, positionDecay, rewardShare, rewardWindow, trainedShare, primeDecisions,
            adminKey, apiKey, kafka, rewardsTopic, mix, slo, noBaseline, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var standardOutput = parse.InvocationConfiguration.Output;
            LoadTestRequest request;
            try
            {
                var scenarioName = parse.GetValue(scenario)!;
                var measured = DurationText.Parse(parse.GetValue(duration)!);
                var warm = DurationText.Parse(parse.GetValue(warmup)!);
                var ramp = DurationText.Parse(parse.GetValue(rampUp)!);
                var profile = Profile(parse.GetValue(rate), parse.GetValue(stages) ?? [], parse.GetValue(connections), measured, warm, ramp) with
                {
                    MaxRequests = parse.GetValue(maxRequests),
                    MaxInFlight = parse.GetValue(maxInFlight),
                };
                var settings = new ScenarioSettings
                {
                    Surface = parse.GetValue(surface)!,
                    CatalogSize = parse.GetValue(catalog),
                    Dimension = parse.GetValue(dimension),
                    Slots = parse.GetValue(slots),
                    Contexts = parse.GetValue(contexts),
                    Seed = parse.GetValue(seed),
                    ClickRate = parse.GetValue(clickRate),
                    PositionDecay = parse.GetValue(positionDecay),
                    RewardShare = parse.GetValue(rewardShare),
                    RewardWindowSeconds = parse.GetValue(rewardWindow),
                    TrainedShare = parse.GetValue(trainedShare),
                    PrimeDecisions = parse.GetValue(primeDecisions),
                    AdminKey = parse.GetValue(adminKey),
                    ApiKey = parse.GetValue(apiKey),
                    Kafka = parse.GetValue(kafka) is { } bootstrap ? Targets.LoopbackAddress.RequireKafka(bootstrap) : null,
                    RewardsTopic = parse.GetValue(rewardsTopic)!,
                    MixWeights = ParseWeights(parse.GetValue(mix)!),
                };
                var isBaseline = parse.GetValue(target) == "baseline";
                if (isBaseline && !ScenarioCatalog.HasHttpFloor(scenarioName))
                {
                    throw new ArgumentException($"{scenarioName} sends to Kafka; the baseline target only takes HTTP scenarios");
                }

                request = new LoadTestRequest
                {
                    Scenario = scenarioName,
                    TargetUrl = isBaseline ? null : Targets.LoopbackAddress.RequireHttp(new Uri(parse.GetValue(url)!, UriKind.Absolute)),
                    Profile = profile,
                    Settings = settings,
                    Objectives = [.. (parse.GetValue(slo) ?? []).Select(ServiceLevelObjective.Parse)],
                    CompareWithBaseline = !parse.GetValue(noBaseline),
                    RequestTimeout = DurationText.Parse(parse.GetValue(timeout)!),
                    MaxConnections = parse.GetValue(maxConnections),
                    CommandLine = "run " + string.Join(' ', parse.Tokens.Skip(1).Select(token => token.Value)),
                };
                profile.Validate();
                settings.Validate();
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or UriFormatException)
            {
                await error.WriteLineAsync("banditserve-loadtests run: " + exception.Message);
                return ExitCodes.Failed;
            }

            RunReport report;
            try
            {
                report = await LoadTestRun.ExecuteAsync(request, error, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or ArgumentException or Confluent.Kafka.KafkaException)
            {
                await error.WriteLineAsync("banditserve-loadtests run: " + exception.Message);
                return ExitCodes.Failed;
            }

            var prefix = parse.GetValue(output)
                ?? Path.Combine("loadtest-reports", $"{request.Scenario}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
            var files = ReportFiles.Write(report, prefix);
            await standardOutput.WriteLineAsync(MarkdownReportWriter.Write(report));
            await error.WriteLineAsync("reports: " + string.Join(", ", files));
            if (!report.Passed)
            {
                await error.WriteLineAsync("objectives missed: " + string.Join(", ", report.Objectives.Where(objective => !objective.Passed).Select(objective =>
                    string.Create(CultureInfo.InvariantCulture, $"{objective.Objective} (actual {objective.Actual:0.###})"))));
                return ExitCodes.ObjectiveMissed;
            }

            return ExitCodes.Passed;
        });
        return command;
    }

    /// <summary>Builds the profile from the command line (see the option descriptions).</summary>
    public static LoadProfile Profile(double? rate, IReadOnlyList<string> stageTexts, int? connections, TimeSpan measured, TimeSpan warmup, TimeSpan rampUp)
    {
        ArgumentNullException.ThrowIfNull(stageTexts);
        var chosen = (rate is not null ? 1 : 0) + (stageTexts.Count > 0 ? 1 : 0) + (connections is not null ? 1 : 0);
        if (chosen != 1)
        {
            throw new ArgumentException("give exactly one of --rate (open model), --stage (open model) or --connections (closed model)");
        }

        if (connections is { } count)
        {
            return new LoadProfile { Model = LoadModel.Closed, Connections = count, Duration = measured, Warmup = rampUp + warmup, RampUp = rampUp };
        }

        if (stageTexts.Count > 0)
        {
            return new LoadProfile { Model = LoadModel.Open, Stages = [.. stageTexts.Select(RateStage.Parse)], Warmup = warmup };
        }

        var perSecond = rate!.Value;
        if (!(perSecond > 0))
        {
            throw new ArgumentException("--rate must be positive");
        }

        var stages = new List<RateStage>();
        if (rampUp > TimeSpan.Zero)
        {
            stages.Add(new RateStage(rampUp, 0, perSecond));
        }

        stages.Add(new RateStage(warmup + measured, perSecond, perSecond));
        return new LoadProfile { Model = LoadModel.Open, Stages = stages, Warmup = rampUp + warmup };
    }

    private static double[] ParseWeights(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var weights = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]))
            {
                throw new FormatException($"--mix '{text}': '{parts[i]}' is not a number");
            }
        }

        return weights;
    }
}
