using System.Diagnostics;
using BanditServe.EndToEnd.Tests.Infrastructure;
using BanditServe.Streaming.Kafka;
using Microsoft.Extensions.Configuration;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>
/// The first compose replica as its container would run: the published app started with exactly
/// the container's environment (Dockerfile ENV plus the compose service's), except three values
/// that name places only Docker has: the PostgreSQL connection string (a fresh database on the
/// test server), the Kafka bootstrap servers (a broker in this test process) and the listen port
/// (a free one; the listen host stays as the image sets it).
/// </summary>
public sealed class PublishedReplicaFixture : IAsyncLifetime
{
    private readonly string _publishDirectory = Directory.CreateTempSubdirectory("banditserve-publish-").FullName;
    private EmbeddedKafkaBroker? _broker;
    private PublishedServer? _server;

    public PublishedServer Server => _server ?? throw new InvalidOperationException("not started");

    public ComposeService Replica { get; } = DeploymentFiles.ComposeFile.ServerReplicas()[0];

    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    public string PostgresConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    public TimeSpan PublishTime { get; private set; }

    public string AdminKey => Environment["Auth__AdminKeys__0"];

    public async ValueTask InitializeAsync()
    {
        var publishing = Stopwatch.StartNew();
        await PublishedServer.PublishAsync(_publishDirectory, CancellationToken.None);
        PublishTime = publishing.Elapsed;

        var environment = new Dictionary<string, string>(DeploymentFiles.ContainerEnvironment(Replica), StringComparer.Ordinal);
        var kafka = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value))
            .Build().GetSection(KafkaOptions.SectionName).Get<KafkaOptions>()!;

        // What kafka-init does in compose: the replica runs with Kafka:CreateTopics=false.
        _broker = new EmbeddedKafkaBroker();
        _broker.CreateTopics([kafka.DecisionsTopic, kafka.RewardsTopic, kafka.DeadLetterTopic]);
        PostgresConnectionString = await TestPostgres.CreateDatabaseAsync("deployment");
        Port = ServerProcess.FreePort();

        Replace(environment, "ConnectionStrings__Postgres", PostgresConnectionString);
        Replace(environment, "Kafka__BootstrapServers", _broker.BootstrapServers);
        Replace(environment, "ASPNETCORE_URLS", ListenAddress.TryParse(environment["ASPNETCORE_URLS"])!.WithPort(Port));
        Environment = environment;

        var entrypoint = DockerfileDocument.ParseExecForm(DeploymentFiles.Dockerfile.FinalStage.Last("ENTRYPOINT")!);
        _server = await PublishedServer.StartAsync(_publishDirectory, entrypoint[1], environment, new Uri($"http://127.0.0.1:{Port}"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _broker?.Dispose();
        Directory.Delete(_publishDirectory, recursive: true);
    }

    private static void Replace(Dictionary<string, string> environment, string key, string value)
    {
        if (!environment.ContainsKey(key))
        {
            throw new InvalidOperationException($"the compose replica does not set {key}, so there is nothing to point at the test service");
        }

        environment[key] = value;
    }
}
