using System.Globalization;
using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Cli;

/// <summary>The load-average line printed with bench results: the development VM is shared, so numbers need it beside them.</summary>
internal static class BenchLoad
{
    public static string Describe() =>
        MachineInfo.ReadLoadAverage() is { } load
            ? string.Create(CultureInfo.InvariantCulture, $"load average {string.Join(' ', load.Select(value => value.ToString("0.00", CultureInfo.InvariantCulture)))} on {Environment.ProcessorCount} cores")
            : $"load average unknown, {Environment.ProcessorCount} cores";
}
