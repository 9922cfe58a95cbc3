using System.ComponentModel.DataAnnotations;

namespace BanditServe.Api.Hosting;

/// <summary>
/// HTTP limits (configuration section <c>Server</c>).
/// </summary>
/// <remarks>
/// To add a setting: 1. add the property with its default and range here; 2. document it in
/// docs/operations.md; 3. use it in <see cref="BanditServeHostingExtensions"/>.
/// </remarks>
public sealed class ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Requests per second allowed per API key (or per client address without a key); 0 disables rate limiting.</summary>
    [Range(0, 10_000_000)]
    public int RateLimitPerSecond { get; set; } = 100_000;

    /// <summary>Burst size of the per-client token bucket.</summary>
    [Range(1, 10_000_000)]
    public int RateLimitBurst { get; set; } = 200_000;

    /// <summary>How many event ids of recent decisions to remember for reward checks and duplicate detection.</summary>
    [Range(1000, 100_000_000)]
    public int RecentDecisionCapacity { get; set; } = 1_000_000;

    /// <summary>How often to pick up catalog changes other replicas made in the shared store; 0 disables.</summary>
    [Range(0, 86_400)]
    public int CatalogRefreshSeconds { get; set; } = 5;

    /// <summary>
    /// Longest time the rank path is warmed up (JIT-compiled on a throw-away model) before the server reports ready;
    /// it usually settles sooner. 0 disables the warm-up.
    /// </summary>
    [Range(0, 600)]
    public int WarmUpSeconds { get; set; } = 15;
}
