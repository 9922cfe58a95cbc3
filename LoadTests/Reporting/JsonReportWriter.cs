using System.Text.Json;

namespace BanditServe.LoadTests.Reporting;

/// <summary>Writes a report as indented camelCase JSON.</summary>
public static class JsonReportWriter
{
    public static string Write(RunReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport);

    public static RunReport? Read(string json) => JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport);
}
