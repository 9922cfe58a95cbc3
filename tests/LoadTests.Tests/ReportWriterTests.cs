using System.Text.Json;
using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Tests;

public sealed class ReportWriterTests
{
    [Fact]
    public void The_json_report_is_valid_camel_case_json_that_reads_back_the_same_figures()
    {
        var report = Reports.Sample(p99Ms: 7.5, requests: 1000, errors: 3) with
        {
            Baseline = new BaselineComparison(5000, new LatencySummary(1, 0.3, 0.5, 1.5, 2, 3, 0.4), 0, 0.2, 3.33, 5),
        };

        var json = JsonReportWriter.Write(report);
        using var document = JsonDocument.Parse(json);
        var back = JsonReportWriter.Read(json)!;

        var rank = document.RootElement.GetProperty("kinds")[0];
        Assert.Equal("rank", rank.GetProperty("kind").GetString());
        Assert.Equal(7.5, rank.GetProperty("latency").GetProperty("p99Ms").GetDouble());
        Assert.Equal(3, rank.GetProperty("outcomes").GetProperty("503").GetInt64());
        Assert.Equal(0.2, document.RootElement.GetProperty("baseline").GetProperty("throughputRatio").GetDouble());
        Assert.True(document.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(report.Kinds[0].Latency, back.Kinds[0].Latency);
        Assert.Equal(report.Machine.ProcessorCount, back.Machine.ProcessorCount);
    }

    [Fact]
    public void The_markdown_report_has_a_table_row_per_kind_with_its_percentiles_and_the_ratio_to_the_floor()
    {
        var report = Reports.Sample(p99Ms: 7.5, requests: 1000, errors: 3) with
        {
            Baseline = new BaselineComparison(5000, new LatencySummary(1, 0.3, 0.5, 1.5, 2, 3, 0.4), 0, 0.2, 3.33, 5),
            Objectives = [new SloResult("p99<5ms", "rank", 5, 7.5, false)],
        };

        var markdown = MarkdownReportWriter.Write(report);
        var lines = markdown.Split('\n');

        Assert.StartsWith("# Load test: rank against server", markdown, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.StartsWith("| Kind | Requests |", StringComparison.Ordinal));
        var row = Assert.Single(lines, line => line.StartsWith("| rank | 1000 |", StringComparison.Ordinal));
        Assert.Contains("| 7.5 |", row, StringComparison.Ordinal);
        Assert.Contains("503: 3", row, StringComparison.Ordinal);
        Assert.Contains("**20 % of the floor**", markdown, StringComparison.Ordinal);
        Assert.Contains("| `p99<5ms` | rank | 7.5 | **missed** |", markdown, StringComparison.Ordinal);
        Assert.Contains("1.50 / 2.00 / 3.00 at end", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_is_a_png_of_the_requested_size()
    {
        var report = Reports.Sample(p99Ms: 7.5, requests: 1000, errors: 0) with { WarmupSeconds = 1 };
        var path = Path.Combine(Path.GetTempPath(), $"loadtests-chart-{Guid.NewGuid():N}.png");
        try
        {
            LatencyChartWriter.WritePng(report, path, 640, 320);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal(640, ReadBigEndian(bytes, 16));
            Assert.Equal(320, ReadBigEndian(bytes, 20));
            Assert.True(bytes.Length > 2000, "the chart should have content, not an empty canvas");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The IHDR chunk starts at byte 8; width and height are its first two big-endian integers.
    private static int ReadBigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
