namespace BanditServe.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Two real server processes sharing one fresh PostgreSQL database and one broker, as two replicas behind a
/// load balancer (distinct consumer groups, so each reads both topics in full).
/// </summary>
public sealed class ReplicaPair : IAsyncDisposable
{
    private readonly ExternalBroker _broker;

    private ReplicaPair(ExternalBroker broker, ServerProcess first, ServerProcess second)
    {
        _broker = broker;
        First = first;
        Second = second;
    }

    public ServerProcess First { get; }

    public ServerProcess Second { get; }

    public static async Task<ReplicaPair> StartAsync(string adminKey, string databasePrefix, int catalogRefreshSeconds)
    {
        var broker = new ExternalBroker();
        try
        {
            var connectionString = await TestPostgres.CreateDatabaseAsync(databasePrefix);
            Dictionary<string, string?> Environment(string group) => new()
            {
                ["Auth__AdminKeys__0"] = adminKey,
                ["Storage__Provider"] = "postgres",
                ["ConnectionStrings__Postgres"] = connectionString,
                ["Kafka__BootstrapServers"] = broker.BootstrapServers,
                ["Kafka__GroupId"] = group,
                ["Server__CatalogRefreshSeconds"] = catalogRefreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };

            var first = await ServerProcess.StartAsync(Environment("replica-a"));
            try
            {
                return new ReplicaPair(broker, first, await ServerProcess.StartAsync(Environment("replica-b")));
            }
            catch
            {
                await first.DisposeAsync();
                throw;
            }
        }
        catch
        {
            broker.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
        _broker.Dispose();
    }
}
