namespace BanditServe.LoadTests.Reporting;

/// <summary>Writes <c>{prefix}.json</c>, <c>{prefix}.md</c> and <c>{prefix}.png</c>.</summary>
public static class ReportFiles
{
    public static IReadOnlyList<string> Write(RunReport report, string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathPrefix);
        var directory = Path.GetDirectoryName(Path.GetFullPath(pathPrefix));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var json = pathPrefix + ".json";
        var markdown = pathPrefix + ".md";
        var png = pathPrefix + ".png";
        File.WriteAllText(json, JsonReportWriter.Write(report));
        File.WriteAllText(markdown, MarkdownReportWriter.Write(report));
        LatencyChartWriter.WritePng(report, png);
        return [json, markdown, png];
    }
}
