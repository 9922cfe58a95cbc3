using System.Diagnostics;

namespace BanditServe.LoadTests.Running;

/// <summary>Requests started and not finished yet, so a run can wait (bounded) for its last answers.</summary>
public sealed class OutstandingCount
{
    private long _count;

    public long Value => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);

    public void Decrement() => Interlocked.Decrement(ref _count);

    /// <summary>Polls every 5 ms; returns false when requests are still outstanding after <paramref name="limit"/>.</summary>
    public async Task<bool> WaitForZeroAsync(TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Value > 0)
        {
            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return true;
    }
}
