using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Hosting;

/// <summary>
/// The rate limiter's partitions: one token bucket per client key or remote address, created from
/// <see cref="ServerOptions"/>. Built once, so choosing a partition allocates nothing per request.
/// </summary>
public sealed class RateLimitBuckets
{
    /// <summary>Remote addresses whose partition names are kept; past this the cache starts over.</summary>
    public const int AddressCapacity = 4096;

    private readonly ConcurrentDictionary<IPAddress, string> _addressPartitions = new();
    private readonly TokenBucketRateLimiterOptions _bucket;

    public RateLimitBuckets(IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        _bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.RateLimitBurst,
            TokensPerPeriod = Math.Max(1, limits.RateLimitPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        CreateBucket = _ => new TokenBucketRateLimiter(_bucket);
    }

    /// <summary>Creates the bucket of a partition seen for the first time (or again after it was dropped).</summary>
    public Func<string, RateLimiter> CreateBucket { get; }

    /// <summary>The partition name of requests from <paramref name="address"/> without a client key.</summary>
    public string AddressPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "ip:";
        }

        if (_addressPartitions.TryGetValue(address, out var partition))
        {
            return partition;
        }

        if (_addressPartitions.Count >= AddressCapacity)
        {
            // Many distinct addresses (a public endpoint): names are cheap to rebuild, memory is not.
            _addressPartitions.Clear();
        }

        return _addressPartitions.GetOrAdd(address, static a => "ip:" + a);
    }
}
