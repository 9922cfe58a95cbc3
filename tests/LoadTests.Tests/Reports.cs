using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Tests;

/// <summary>Small hand-built reports for objective and writer tests.</summary>
internal static class Reports
{
    public static RunReport Sample(double p99Ms, long requests, long errors) => new()
    {
        Scenario = "rank",
        Target = "server",
        TargetUrl = "http://127.0.0.1:8080/",
        StartedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        CommandLine = "run rank --rate 100 --duration 10s",
        Model = "open",
        Load = "10s at 100/s",
        WarmupSeconds = 0,
        MeasuredSeconds = 10,
        PrimaryKind = "rank",
        Settings = new Dictionary<string, string> { ["catalog"] = "10000" },
        Machine = MachineInfo.Describe([1.0, 2.0, 3.0], [1.5, 2.0, 3.0]),
        Kinds =
        [
            new RequestKindReport(
                "rank",
                requests,
                0,
                errors,
                requests == 0 ? 0 : errors / (double)requests,
                requests / 10.0,
                new LatencySummary(requests - errors, 1, 2, p99Ms, p99Ms * 2, p99Ms * 3, 1.5),
                new Dictionary<string, long> { ["200"] = requests - errors, ["503"] = errors },
                [new TimelinePoint(0, false, requests, errors, 1, p99Ms, p99Ms * 3)]),
        ],
    };
}
