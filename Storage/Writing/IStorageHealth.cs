namespace BanditServe.Storage;

/// <summary>Whether storage works right now; readiness checks report it.</summary>
/// <remarks>
/// Degraded means a component cannot reach the database (schema not migrated yet, log writes failing and being
/// retried). Rank keeps answering while degraded: log records are buffered, and dropped and counted when the buffer is full.
/// </remarks>
public interface IStorageHealth
{
    /// <summary>Whether any storage component is failing.</summary>
    bool IsDegraded { get; }

    /// <summary>What is failing, one line per component; <see langword="null"/> when healthy.</summary>
    string? Reason { get; }

    /// <summary>Since when storage has been degraded without interruption; <see langword="null"/> when healthy.</summary>
    DateTimeOffset? DegradedSince { get; }
}
