using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BanditServe.Api.Tests.Infrastructure;

/// <summary>
/// Boots the real host in memory with embedded defaults: SQLite in a temp directory and the
/// in-process Kafka broker (Confluent's mock cluster over TCP), plus known admin and client keys.
/// </summary>
public class BanditServerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "banditserve-api-tests-" + Guid.NewGuid().ToString("N"));

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Storage:Provider", "sqlite"),
        new("Storage:SqlitePath", Path.Combine(_dataDirectory, "banditserve.db")),
        new("Kafka:BootstrapServers", ""),
        new("Kafka:CheckpointIntervalSeconds", "1"),
        new("Auth:AdminKeys:0", AdminKey),
        // Dozens of hosts share the test machine; RankPathWarmUpTests covers the warm-up.
        new("Server:WarmUpSeconds", "0"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_dataDirectory);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the WAL briefly; the temp directory is harmless.
            }
        }
    }
}
