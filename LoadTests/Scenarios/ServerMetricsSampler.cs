using System.Diagnostics;
using System.Globalization;
using BanditServe.LoadTests.Reporting;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Reads the server's <c>/metrics</c> once a second while a run lasts: its working set
/// (<c>process_working_set_bytes</c>), to show whether memory stays flat after warm-up, and its own rank timing
/// (<c>bandit_rank_duration_seconds</c>), to tell the time spent ranking from the time spent queueing. Stops
/// quietly when the target has no such metrics (the baseline endpoint).
/// </summary>
public sealed class ServerMetricsSampler(HttpClient http)
{
    private const string WorkingSetName = "process_working_set_bytes ";
    private readonly List<MemorySample> _samples = [];
    private readonly List<(double Second, CumulativeHistogram Histogram)> _rankDurations = [];

    public async Task RunAsync(long startTimestamp, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                var text = await ReadMetricsAsync(cancellationToken);
                var bytes = text is null ? null : ReadWorkingSet(text);
                if (bytes is null)
                {
                    return;
                }

                var second = Math.Round(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, 1);
                var rankDuration = CumulativeHistogram.Parse(text!, ServerRankDurationReport.MetricName);
                lock (_samples)
                {
                    _samples.Add(new MemorySample(second, bytes.Value));
                    if (rankDuration is not null)
                    {
                        _rankDurations.Add((second, rankDuration));
                    }
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
    public MemoryReport? WorkingSetReport(TimeSpan warmup)
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

    /// <summary>The server's rank timing after warm-up (see <see cref="ServerRankDurationReport.FromScrapes"/>).</summary>
    public ServerRankDurationReport? RankDurationReport(TimeSpan warmup)
    {
        lock (_samples)
        {
            return ServerRankDurationReport.FromScrapes([.. _rankDurations], warmup);
        }
    }

    private async Task<string?> ReadMetricsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("/metrics", cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static long? ReadWorkingSet(string text)
    {
        var start = text.IndexOf("\n" + WorkingSetName, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += WorkingSetName.Length + 1;
        var end = text.IndexOf('\n', start);
        var value = text[start..(end < 0 ? text.Length : end)].Trim();
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bytes) ? (long)bytes : null;
    }
}
