using System.Diagnostics;
using System.Globalization;
using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Reads the server's <c>process_working_set_bytes</c> from <c>/metrics</c> once a second while a
/// run lasts, to show whether memory stays flat after warm-up. Stops quietly when the target has no
/// such metric (the baseline endpoint).
/// </summary>
public sealed class MemorySampler(HttpClient http)
{
    private const string MetricName = "process_working_set_bytes ";
    private readonly List<MemorySample> _samples = [];

    public async Task RunAsync(long startTimestamp, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                var bytes = await ReadWorkingSetAsync(cancellationToken);
                if (bytes is null)
                {
                    return;
                }

                lock (_samples)
                {
                    _samples.Add(new MemorySample(Math.Round(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, 1), bytes.Value));
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    /// <summary>Growth from the first sample after warm-up to the last; null without samples.</summary>
    public MemoryReport? Report(TimeSpan warmup)
    {
        MemorySample[] samples;
        lock (_samples)
        {
            samples = [.. _samples];
        }

        var measured = samples.Where(sample => sample.Second >= warmup.TotalSeconds).ToArray();
        if (measured.Length == 0)
        {
            return null;
        }

        var first = measured[0].WorkingSetBytes;
        var last = measured[^1].WorkingSetBytes;
        return new MemoryReport(first, last, samples.Max(sample => sample.WorkingSetBytes), Math.Round((last - first) * 100.0 / first, 1), samples);
    }

    private async Task<long?> ReadWorkingSetAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/metrics", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var start = text.IndexOf("\n" + MetricName, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            start += MetricName.Length + 1;
            var end = text.IndexOf('\n', start);
            var value = text[start..(end < 0 ? text.Length : end)].Trim();
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) ? (long)bytes : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
