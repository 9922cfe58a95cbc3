using System.Globalization;
using System.Runtime.InteropServices;

namespace BanditServe.LoadTests.Reporting;

/// <summary>Where a run happened, and how busy the machine was around it (Linux load averages).</summary>
public sealed record MachineInfo(
    int ProcessorCount,
    string? CpuModel,
    string OperatingSystem,
    string Runtime,
    double? TotalMemoryGiB,
    IReadOnlyList<double>? LoadAverageAtStart,
    IReadOnlyList<double>? LoadAverageAtEnd)
{
    /// <summary>Describes this machine; the load average is read again at the end of the run.</summary>
    public static MachineInfo Describe(IReadOnlyList<double>? loadAtStart, IReadOnlyList<double>? loadAtEnd) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        loadAtStart,
        loadAtEnd);

    /// <summary>The 1-, 5- and 15-minute load averages from /proc/loadavg; null where unavailable.</summary>
    public static IReadOnlyList<double>? ReadLoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return [.. fields.Take(3).Select(field => double.Parse(field, CultureInfo.InvariantCulture))];
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static string? ReadCpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
