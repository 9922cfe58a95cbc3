using System.Diagnostics;
using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Running;

/// <summary>
/// N connections, each sending its next request when the previous answer arrives. Latency is from
/// the actual send; the model measures capacity (throughput at a given concurrency), not latency
/// under a fixed arrival rate.
/// </summary>
public static class ClosedModelRunner
{
    public static async Task RunAsync(LoadProfile profile, ILoadOperation operation, LoadRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var start = Stopwatch.GetTimestamp();
        recorder.Start(start);
        var deadline = start + (long)(profile.TotalDuration.TotalSeconds * Stopwatch.Frequency);
        var issued = new long[1];
        var workers = new Task[profile.Connections];
        for (var worker = 0; worker < workers.Length; worker++)
        {
            var delay = profile.RampUp * worker / workers.Length;
            workers[worker] = WorkAsync(delay, deadline, issued, profile.MaxRequests, operation, recorder, cancellationToken);
        }

        await Task.WhenAll(workers);
    }

    private static async Task WorkAsync(
        TimeSpan delay,
        long deadline,
        long[] issued,
        long maxRequests,
        ILoadOperation operation,
        LoadRecorder recorder,
        CancellationToken cancellationToken)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            long sequence;
            while (Stopwatch.GetTimestamp() < deadline && (sequence = Interlocked.Increment(ref issued[0]) - 1) < maxRequests)
            {
                var sent = Stopwatch.GetTimestamp();
                OperationResult result;
                try
                {
                    result = await operation.ExecuteAsync(sequence, recorder, cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    result = new OperationResult(operation.Kind, OperationOutcome.Failed(FailureNames.Of(exception)));
                }

                recorder.Record(result.Kind, sent, CompletedAt(result), result.Outcome);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the caller.
        }
    }

    private static long CompletedAt(OperationResult result) =>
        result.CompletedTimestamp != 0 ? result.CompletedTimestamp : Stopwatch.GetTimestamp();
}
