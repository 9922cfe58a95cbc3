using System.Net;
using BanditServe.Api.Hosting;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Tests.Hosting;

public sealed class RateLimitBucketsTests
{
    private static RateLimitBuckets Buckets(int perSecond = 100, int burst = 7) =>
        new(Options.Create(new ServerOptions { RateLimitPerSecond = perSecond, RateLimitBurst = burst }));

    [Fact]
    public void An_address_keeps_one_partition_name()
    {
        var buckets = Buckets();
        var first = buckets.AddressPartition(IPAddress.Parse("10.1.2.3"));
        var again = buckets.AddressPartition(IPAddress.Parse("10.1.2.3"));

        Assert.Equal("ip:10.1.2.3", first);
        Assert.Same(first, again);
        Assert.Equal("ip:::1", buckets.AddressPartition(IPAddress.IPv6Loopback));
        Assert.Equal("ip:", buckets.AddressPartition(null));
    }

    [Fact]
    public void Many_addresses_do_not_grow_the_cache_without_bound()
    {
        var buckets = Buckets();
        for (var i = 0; i < RateLimitBuckets.AddressCapacity * 3; i++)
        {
            var address = new IPAddress(BitConverter.GetBytes(i + 1));
            Assert.Equal("ip:" + address, buckets.AddressPartition(address));
        }

        var field = typeof(RateLimitBuckets).GetField("_addressPartitions", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var cache = (System.Collections.ICollection)field.GetValue(buckets)!;
        Assert.InRange(cache.Count, 1, RateLimitBuckets.AddressCapacity);
    }

    [Fact]
    public async Task A_bucket_allows_the_burst_then_refuses()
    {
        var bucket = Buckets(perSecond: 10, burst: 3).CreateBucket("ip:test");
        for (var i = 0; i < 3; i++)
        {
            using var lease = await bucket.AcquireAsync(1, TestContext.Current.CancellationToken);
            Assert.True(lease.IsAcquired);
        }

        using var refused = bucket.AttemptAcquire(1);
        Assert.False(refused.IsAcquired);
    }
}
