using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Http.Headers;
using BanditServe.Api.Hosting;
using BanditServe.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Tests.Hosting;

/// <summary>What the metrics endpoint costs the requests it counts.</summary>
public sealed class MetricsListenerTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    [Fact]
    public async Task Event_counters_are_subscribed_without_per_request_events()
    {
        var client = factory.CreateAdminClient();
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics", TestContext.Current.CancellationToken)).StatusCode);

        // The adapter enables hosting's event source (for its counters: requests per second, current requests) but
        // below the level of its request start and stop events, which would otherwise be raised for every request.
        var hosting = Assert.Single(EventSource.GetSources(), source => source.Name == "Microsoft.AspNetCore.Hosting");
        Assert.True(SpinWait.SpinUntil(() => hosting.IsEnabled(), TimeSpan.FromSeconds(10)));
        Assert.True(hosting.IsEnabled(EventLevel.Critical, EventKeywords.All));
        Assert.False(hosting.IsEnabled(EventLevel.Informational, EventKeywords.All));
    }
}

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

public sealed class RequestDiagnosticsTests(BanditServerFactory factory) : IClassFixture<BanditServerFactory>
{
    [Fact]
    public void Hosting_request_logging_is_off_by_default_so_requests_start_no_activity_or_log_scope()
    {
        // Hosting starts an Activity and a log scope per request whenever its diagnostics category is enabled at any level.
        var logger = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");

        Assert.False(logger.IsEnabled(LogLevel.Critical));
        Assert.True(factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware").IsEnabled(LogLevel.Error));
    }
}
