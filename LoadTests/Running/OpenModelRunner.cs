using System.Diagnostics;
using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Running;

/// <summary>
/// Sends requests at their scheduled instants whatever the server does, and times each one from
/// that instant. When the server stalls, arrivals keep coming: they wait for a free in-flight slot
/// or a connection, and the wait shows in their latency instead of vanishing (no coordinated omission).
/// </summary>
public static class OpenModelRunner
{
    // Timers on Linux wake up about 1 ms late; a request due within this margin is sent at once.
    private static readonly long s_sendEarlyMargin = Stopwatch.Frequency / 5_000;

    public static async Task RunAsync(LoadProfile profile, ILoadOperation operation, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var schedule = profile.Schedule();
        using var inFlight = new SemaphoreSlim(profile.MaxInFlight, profile.MaxInFlight);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outstanding = new OutstandingCount();
        var start = Stopwatch.GetTimestamp();
        recorder.Start(start);
        try
        {
            for (long sequence = 0; sequence < profile.MaxRequests; sequence++)
            {
                if (!schedule.TryGetIntendedOffset(sequence, out var offset))
                {
                    break;
                }

                var intended = start + (long)(offset.TotalSeconds * Stopwatch.Frequency);
                await WaitUntilAsync(intended, cancellationToken);
                await inFlight.WaitAsync(cancellationToken);
                var now = Stopwatch.GetTimestamp();
                recorder.RecordSendLag(now - intended);
                outstanding.Increment();

                // A request sent a little early is timed from its actual send, never from a later instant.
                _ = FireAsync(operation, sequence, intended, Math.Min(intended, now), recorder, inFlight, outstanding, abandon.Token);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the caller: the requests already sent still finish (or are abandoned) below.
        }

        await outstanding.WaitForZeroAsync(profile.DrainTimeout);
        await abandon.CancelAsync();
        await outstanding.WaitForZeroAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task WaitUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= s_sendEarlyMargin)
            {
                return;
            }

            var milliseconds = Math.Max(1, (int)(remaining * 1000 / Stopwatch.Frequency) - 1);
            await Task.Delay(milliseconds, cancellationToken);
        }
    }

    private static async Task FireAsync(
        ILoadOperation operation,
        long sequence,
        long scheduled,
        long timedFrom,
        LoadRecorder recorder,
        SemaphoreSlim inFlight,
        OutstandingCount outstanding,
        CancellationToken cancellationToken)
    {
        OperationResult result;
        try
        {
            result = await operation.ExecuteAsync(sequence, recorder, cancellationToken);
        }
        catch (Exception exception)
        {
            result = new OperationResult(operation.Kind, OperationOutcome.Failed(FailureNames.Of(exception)));
        }

        recorder.Record(result.Kind, timedFrom, CompletedAt(result), result.Outcome, scheduled);
        inFlight.Release();
        outstanding.Decrement();
    }

    private static long CompletedAt(OperationResult result) =>
        result.CompletedTimestamp != 0 ? result.CompletedTimestamp : Stopwatch.GetTimestamp();
}
