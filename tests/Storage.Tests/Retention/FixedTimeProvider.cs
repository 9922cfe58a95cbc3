namespace BanditServe.Storage.Tests;

/// <summary>A clock that reads a fixed instant (timers still run in real time).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
