using System.ComponentModel.DataAnnotations;

namespace BanditServe.Api.Dashboard;

/// <summary>
/// The operator dashboard's bounds (configuration section <c>Dashboard</c>). Everything the dashboard
/// keeps lives in this process only and is lost on restart; explanations of older decisions are read
/// back from the decision log; see docs/dashboard.md.
/// </summary>
/// <remarks>
/// To add a setting: 1. add the property with its default and range here; 2. document it in
/// docs/dashboard.md; 3. read it where it is used through <c>IOptions&lt;DashboardOptions&gt;</c>.
/// </remarks>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>How many recent decisions keep their explanation in memory (oldest evicted first, across all surfaces); older ones come from the decision log.</summary>
    [Range(1, 10_000_000)]
    public int ExplanationCapacity { get; set; } = 20_000;

    /// <summary>
    /// How many hours back from now an explanation searches the decision log for an event this process
    /// does not hold, when neither an <c>at</c> hint nor a time inside the event id finds it.
    /// </summary>
    [Range(0, 87_600)]
    public int ExplanationLogSearchHours { get; set; } = 24;

    /// <summary>The most decision-log rows one explanation reads before it gives up (404 saying so).</summary>
    [Range(1, int.MaxValue)]
    public int ExplanationLogScanLimit { get; set; } = 500_000;

    /// <summary>Seconds between two samples of each surface's counters (the reward-rate time series).</summary>
    [Range(0.1, 3600)]
    public double SampleIntervalSeconds { get; set; } = 2;

    /// <summary>Samples kept per surface: with the default interval, the last 10 minutes.</summary>
    [Range(2, 100_000)]
    public int SampleHistory { get; set; } = 300;

    /// <summary>Uploaded offline evaluation reports kept per surface (newest first).</summary>
    [Range(1, 1000)]
    public int EvaluationReportsPerSurface { get; set; } = 10;
}
