using System.Diagnostics;
using BanditServe.LoadTests.Recording;
using HdrHistogram;

namespace BanditServe.LoadTests.Tests;

public sealed class LoadRecorderTests
{
    [Fact]
    public void A_request_sent_early_for_the_instant_the_warm_up_ends_is_measured_and_timed_from_its_send()
    {
        // The open model sends up to 0.2 ms before a request's scheduled instant; the one due exactly when the warm-up
        // ends used to be counted in the warm-up then (a 2 s run at 200/s measured 399 requests, not 400).
        var recorder = new LoadRecorder(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2));
        recorder.Start(1_000_000);
        long end = recorder.WarmupEndTimestamp;
        long early = Stopwatch.Frequency / 10_000;
        long millisecond = Stopwatch.Frequency / 1_000;

        recorder.Record("rank", end - early, end + millisecond, OperationOutcome.FromStatus(200), scheduledTimestamp: end);
        recorder.Record("rank", end - early - 1, end + millisecond, OperationOutcome.FromStatus(200), scheduledTimestamp: end - 1);
        recorder.Record("rank", end - 1, end + millisecond, OperationOutcome.FromStatus(200));

        var kind = recorder.Kinds["rank"];
        Assert.Equal(1, kind.MeasuredRequests);
        Assert.Equal(2, kind.WarmupRequests);
        // Timed from the send, 0.1 ms before the schedule: 1.1 ms.
        Assert.InRange(kind.Latencies.GetMaxValue(), 1_090, 1_110);
    }
}
