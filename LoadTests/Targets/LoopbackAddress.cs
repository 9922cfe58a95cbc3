using System.Net;

namespace BanditServe.LoadTests.Targets;

/// <summary>
/// The tool only ever loads 127.0.0.1: a load generator pointed at a shared server by mistake is
/// an outage, so other hosts are refused before anything is sent.
/// </summary>
public static class LoopbackAddress
{
    /// <summary>Returns the URL with <c>localhost</c> spelled 127.0.0.1; throws for any other host.</summary>
    public static Uri RequireHttp(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--url '{url}' must be an absolute http:// URL");
        }

        RequireHost(url.Host, "--url");
        return new UriBuilder(url) { Host = "127.0.0.1" }.Uri;
    }

    /// <summary>Checks each <c>host:port</c> of a Kafka bootstrap list; returns it with 127.0.0.1 hosts.</summary>
    public static string RequireKafka(string bootstrapServers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bootstrapServers);
        var servers = bootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var checkedServers = new List<string>(servers.Length);
        foreach (var server in servers)
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server[(colon + 1)..], out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"--kafka '{server}' must be host:port");
            }

            RequireHost(server[..colon], "--kafka");
            checkedServers.Add($"127.0.0.1:{port}");
        }

        return string.Join(',', checkedServers);
    }

    private static void RequireHost(string host, string option)
    {
        var isLoopbackV4 = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && address.Equals(IPAddress.Loopback));
        if (!isLoopbackV4)
        {
            throw new ArgumentException($"{option}: the load tool only targets 127.0.0.1, not '{host}'");
        }
    }
}
