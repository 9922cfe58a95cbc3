using System.Diagnostics;

namespace BanditServe.LoadTests.Recording;

/// <summary>Latencies are recorded in microseconds, from 1 µs to one hour, 3 significant digits.</summary>
public static class LatencyScale
{
    public const long LowestMicroseconds = 1;
    public const long HighestMicroseconds = 3_600_000_000;
    public const int SignificantDigits = 3;

    public static long ToMicroseconds(long stopwatchTicks) =>
        Math.Clamp(stopwatchTicks * 1_000_000 / Stopwatch.Frequency, LowestMicroseconds, HighestMicroseconds);

    public static double ToMilliseconds(long microseconds) => microseconds / 1000.0;
}
