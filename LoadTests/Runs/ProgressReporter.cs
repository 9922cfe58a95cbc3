using System.Diagnostics;
using System.Globalization;
using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Runs;

/// <summary>Writes one progress line a second while a run lasts: elapsed, completed, rate, errors.</summary>
public static class ProgressReporter
{
    public static async Task RunAsync(string label, LoadRecorder recorder, TimeSpan total, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(output);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        long previous = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var completed = recorder.Completed;
                var errors = recorder.Kinds.Values.Sum(kind => kind.MeasuredErrors);
                var elapsed = Stopwatch.GetElapsedTime(recorder.StartTimestamp);
                var phase = elapsed < recorder.Warmup ? "warm-up" : "measuring";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[{label} {elapsed.TotalSeconds,5:0}s/{total.TotalSeconds:0}s {phase}] completed {completed:N0} (+{completed - previous:N0}/s), errors {errors:N0}"));
                previous = completed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
    }
}
