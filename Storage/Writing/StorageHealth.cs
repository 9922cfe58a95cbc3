using System.Collections.Concurrent;

namespace BanditServe.Storage;

/// <summary>The process's <see cref="IStorageHealth"/>: components report failure and recovery, readers see the sum.</summary>
public sealed class StorageHealth(TimeProvider timeProvider) : IStorageHealth
{
    private readonly ConcurrentDictionary<string, (string Reason, DateTimeOffset Since)> failing = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool IsDegraded => !failing.IsEmpty;

    /// <inheritdoc />
    public string? Reason
    {
        get
        {
            var snapshot = failing.ToArray();
            return snapshot.Length == 0
                ? null
                : string.Join('\n', snapshot.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => $"{entry.Key}: {entry.Value.Reason}"));
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? DegradedSince
    {
        get
        {
            var snapshot = failing.ToArray();
            return snapshot.Length == 0 ? null : snapshot.Min(entry => entry.Value.Since);
        }
    }

    /// <summary>Marks a component as failing; the time of its first failure is kept until it recovers.</summary>
    /// <param name="component">The component, e.g. <c>decisions</c>, <c>rewards</c>, <c>migration</c>.</param>
    /// <param name="reason">What fails, for the readiness report.</param>
    public void ReportFailure(string component, string reason)
    {
        var now = timeProvider.GetUtcNow();
        failing.AddOrUpdate(component, (reason, now), (_, previous) => (reason, previous.Since));
    }

    /// <summary>Marks a component as working.</summary>
    /// <param name="component">The component that reported failures before.</param>
    public void ReportHealthy(string component) => failing.TryRemove(component, out _);
}
