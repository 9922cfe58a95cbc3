using BanditServe.LoadTests.Profiles;
using BanditServe.LoadTests.Recording;
using BanditServe.LoadTests.Running;
using HdrHistogram;

namespace BanditServe.LoadTests.Tests;

public sealed class OpenModelRunnerTests
{
    private static readonly TimeSpan s_stall = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_stalled_target_shows_the_stall_in_the_latencies_of_every_request_due_during_it()
    {
        // Arrange: 200 arrivals/s for 2 s, one request in flight at a time; request 100 (due at 0.5 s) stalls 400 ms.
        var profile = new LoadProfile
        {
            Model = LoadModel.Open,
            Stages = [new RateStage(TimeSpan.FromSeconds(2), 200, 200)],
            MaxInFlight = 1,
        };
        var recorder = new LoadRecorder(TimeSpan.Zero, profile.TotalDuration);

        // Act
        await LoadRunner.RunAsync(profile, new StallingOperation(stallAt: 100), recorder, TestContext.Current.CancellationToken);

        // Assert: requests due in the 400 ms of the stall waited behind it, and their latencies say so.
        var latencies = recorder.Kinds[StallingOperation.KindName].Latencies;
        Assert.Equal(400, latencies.TotalCount);
        Assert.True(latencies.GetMaxValue() >= 390_000, $"max {latencies.GetMaxValue()} µs");
        var slow = CountAtLeast(latencies, 200_000);
        Assert.True(slow >= 30, $"only {slow} requests at ≥ 200 ms: the stall was hidden (coordinated omission)");
    }

    [Fact]
    public async Task A_closed_loop_against_the_same_stall_sees_it_only_once()
    {
        // The contrast that makes the open model necessary: one connection waits, so only the stalled request is slow.
        var profile = new LoadProfile { Model = LoadModel.Closed, Connections = 1, Duration = TimeSpan.FromSeconds(1), MaxRequests = 400 };
        var recorder = new LoadRecorder(TimeSpan.Zero, profile.TotalDuration);

        await LoadRunner.RunAsync(profile, new StallingOperation(stallAt: 100), recorder, TestContext.Current.CancellationToken);

        var latencies = recorder.Kinds[StallingOperation.KindName].Latencies;
        Assert.Equal(1, CountAtLeast(latencies, 200_000));
    }

    [Fact]
    public async Task Requests_due_during_the_warmup_are_counted_apart_and_left_out_of_the_statistics()
    {
        var profile = new LoadProfile
        {
            Model = LoadModel.Open,
            Stages = [new RateStage(TimeSpan.FromSeconds(1), 100, 100)],
            Warmup = TimeSpan.FromSeconds(0.5),
        };
        var recorder = new LoadRecorder(profile.Warmup, profile.TotalDuration);

        await LoadRunner.RunAsync(profile, new StallingOperation(stallAt: -1), recorder, TestContext.Current.CancellationToken);

        var kind = recorder.Kinds[StallingOperation.KindName];
        Assert.Equal(50, kind.WarmupRequests);
        Assert.Equal(50, kind.MeasuredRequests);
        Assert.Equal(50, kind.Latencies.TotalCount);
    }

    [Fact]
    public async Task The_run_stops_at_max_requests_even_when_the_schedule_goes_on()
    {
        var profile = new LoadProfile { Model = LoadModel.Open, Stages = [new RateStage(TimeSpan.FromSeconds(60), 1000, 1000)], MaxRequests = 50 };
        var recorder = new LoadRecorder(TimeSpan.Zero, profile.TotalDuration);

        await LoadRunner.RunAsync(profile, new StallingOperation(stallAt: -1), recorder, TestContext.Current.CancellationToken);

        Assert.Equal(50, recorder.Kinds[StallingOperation.KindName].MeasuredRequests);
    }

    private static long CountAtLeast(HistogramBase histogram, long microseconds) =>
        histogram.RecordedValues().Where(value => value.ValueIteratedTo >= microseconds).Sum(value => value.CountAddedInThisIterationStep);

    private sealed class StallingOperation(long stallAt) : ILoadOperation
    {
        public const string KindName = "stall";

        public string Kind => KindName;

        public async ValueTask<OperationResult> ExecuteAsync(long sequence, LoadRecorder recorder, CancellationToken cancellationToken)
        {
            if (sequence == stallAt)
            {
                await Task.Delay(s_stall, cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            return new OperationResult(KindName, OperationOutcome.FromStatus(200));
        }
    }
}
