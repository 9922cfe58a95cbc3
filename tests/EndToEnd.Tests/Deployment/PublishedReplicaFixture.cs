using System.Diagnostics;
using BanditServe.EndToEnd.Tests.Infrastructure;
using BanditServe.Streaming.Kafka;
using Microsoft.Extensions.Configuration;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>
/// The compose replicas as their containers would run: the published app started once per replica
/// service, in compose's start order, with exactly that container's environment (Dockerfile ENV plus
/// the compose service's), except three values that name places only Docker has: the PostgreSQL
/// connection string (one fresh database on the test server, shared as the compose replicas share
/// theirs), the Kafka bootstrap servers (one broker in this test process) and the listen port (a free
/// one per replica; the listen host stays as the image sets it).
/// </summary>
public sealed class PublishedReplicaFixture : IAsyncLifetime
{
    private readonly string _publishDirectory = Directory.CreateTempSubdirectory("banditserve-publish-").FullName;
    private readonly List<PublishedServer> _servers = [];
    private readonly List<IReadOnlyDictionary<string, string>> _environments = [];
    private readonly List<int> _ports = [];
    private EmbeddedKafkaBroker? _broker;

    /// <summary>The compose file's replica services, in the order compose starts them.</summary>
    public IReadOnlyList<ComposeService> Replicas { get; } = DeploymentFiles.ComposeFile.ServerReplicas();

    /// <summary>One started server per entry of <see cref="Replicas"/>.</summary>
    public IReadOnlyList<PublishedServer> Servers => _servers;

    /// <summary>The environment each server was started with.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Environments => _environments;

    /// <summary>The first replica (the one that migrates the schema).</summary>
    public PublishedServer Server => _servers.Count > 0 ? _servers[0] : throw new InvalidOperationException("not started");

    public IReadOnlyDictionary<string, string> Environment => _environments[0];

    public int Port => _ports[0];

    public string PostgresConnectionString { get; private set; } = "";

    public TimeSpan PublishTime { get; private set; }

    public string AdminKey => Environment["Auth__AdminKeys__0"];

    public async ValueTask InitializeAsync()
    {
        var publishing = Stopwatch.StartNew();
        await PublishedServer.PublishAsync(_publishDirectory, CancellationToken.None);
        PublishTime = publishing.Elapsed;

        // What kafka-init does in compose: the replicas run with Kafka:CreateTopics=false.
        var kafka = KafkaOptionsOf(DeploymentFiles.ContainerEnvironment(Replicas[0]));
        _broker = new EmbeddedKafkaBroker();
        _broker.CreateTopics([kafka.DecisionsTopic, kafka.RewardsTopic, kafka.DeadLetterTopic]);
        PostgresConnectionString = await TestPostgres.CreateDatabaseAsync("deployment");
        var entrypoint = DockerfileDocument.ParseExecForm(DeploymentFiles.Dockerfile.FinalStage.Last("ENTRYPOINT")!);

        // One after the other, as compose's depends_on (service_healthy) orders them: the first migrates the schema.
        foreach (var replica in Replicas)
        {
            var environment = new Dictionary<string, string>(DeploymentFiles.ContainerEnvironment(replica), StringComparer.Ordinal);
            var port = ServerProcess.FreePort();
            Replace(environment, "ConnectionStrings__Postgres", PostgresConnectionString);
            Replace(environment, "Kafka__BootstrapServers", _broker.BootstrapServers);
            Replace(environment, "ASPNETCORE_URLS", ListenAddress.TryParse(environment["ASPNETCORE_URLS"])!.WithPort(port));
            _environments.Add(environment);
            _ports.Add(port);
            _servers.Add(await PublishedServer.StartAsync(_publishDirectory, entrypoint[1], environment, new Uri($"http://127.0.0.1:{port}")));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _broker?.Dispose();
        Directory.Delete(_publishDirectory, recursive: true);
    }

    private static KafkaOptions KafkaOptionsOf(IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value))
            .Build().GetSection(KafkaOptions.SectionName).Get<KafkaOptions>()!;

    private static void Replace(Dictionary<string, string> environment, string key, string value)
    {
        if (!environment.ContainsKey(key))
        {
            throw new InvalidOperationException($"the compose replica does not set {key}, so there is nothing to point at the test service");
        }

        environment[key] = value;
    }
}
