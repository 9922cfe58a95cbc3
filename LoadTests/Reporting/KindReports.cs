using System.Diagnostics;
using BanditServe.LoadTests.Recording;
using HdrHistogram;

namespace BanditServe.LoadTests.Reporting;

/// <summary>Turns what a <see cref="LoadRecorder"/> collected into report figures.</summary>
public static class KindReports
{
    /// <summary>Seconds from the end of the warm-up to the last completion.</summary>
    public static double MeasuredSeconds(LoadRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var ticks = recorder.LastCompletedTimestamp - recorder.WarmupEndTimestamp;
        return Math.Max(ticks, 1) / (double)Stopwatch.Frequency;
    }

    public static IReadOnlyList<RequestKindReport> From(LoadRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var seconds = MeasuredSeconds(recorder);
        var warmupSeconds = (int)Math.Ceiling(recorder.Warmup.TotalSeconds);
        return
        [
            .. recorder.Kinds.Values
                .OrderByDescending(kind => kind.MeasuredRequests + kind.WarmupRequests)
                .Select(kind => new RequestKindReport(
                    kind.Kind,
                    kind.MeasuredRequests,
                    kind.WarmupRequests,
                    kind.MeasuredErrors,
                    kind.MeasuredRequests == 0 ? 0 : kind.MeasuredErrors / (double)kind.MeasuredRequests,
                    Math.Round(kind.MeasuredRequests / seconds, 1),
                    LatencySummary.Of(kind.Latencies),
                    new SortedDictionary<string, long>(kind.Outcomes.ToDictionary(pair => pair.Key, pair => pair.Value), StringComparer.Ordinal),
                    Timeline(kind, warmupSeconds))),
        ];
    }

    private static List<TimelinePoint> Timeline(RequestKindRecorder kind, int warmupSeconds)
    {
        var points = new List<TimelinePoint>();
        var last = -1;
        for (var second = 0; second < kind.Timeline.Count; second++)
        {
            if (kind.Timeline[second] is not null)
            {
                last = second;
            }
        }

        for (var second = 0; second <= last; second++)
        {
            var bucket = kind.Timeline[second];
            var latencies = bucket?.Latencies;
            var hasLatency = latencies is { TotalCount: > 0 };
            points.Add(new TimelinePoint(
                second,
                second < warmupSeconds,
                bucket?.Requests ?? 0,
                bucket?.Errors ?? 0,
                hasLatency ? LatencyScale.ToMilliseconds(latencies!.GetValueAtPercentile(50)) : null,
                hasLatency ? LatencyScale.ToMilliseconds(latencies!.GetValueAtPercentile(99)) : null,
                hasLatency ? LatencyScale.ToMilliseconds(latencies!.GetMaxValue()) : null));
        }

        return points;
    }
}
