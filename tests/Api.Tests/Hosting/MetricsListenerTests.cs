using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Http.Headers;
using BanditServe.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
