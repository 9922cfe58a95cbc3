using System.Text.RegularExpressions;
using BanditServe.Streaming.Kafka;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>docker-compose.yml, parsed as YAML and checked against the server's configuration and the other services.</summary>
public sealed partial class ComposeTests
{
    private static ComposeDocument Compose => DeploymentFiles.ComposeFile;

    private static IReadOnlyList<ComposeService> Replicas => Compose.ServerReplicas();

    private static IReadOnlyList<ComposeService> KafkaNodes =>
        [.. Compose.Services.Values.Where(s => s.Image?.StartsWith("apache/kafka:", StringComparison.Ordinal) == true && s.Environment.ContainsKey("KAFKA_NODE_ID"))];

    [Fact]
    public void Two_replicas_are_built_from_the_repository_Dockerfile()
    {
        // Assert: each replica builds the same image, so none depends on pulling a tag that only exists locally.
        Assert.Equal(2, Replicas.Count);
        Assert.All(Replicas, replica =>
        {
            Assert.True(replica.IsBuilt, replica.Name + " has no build section");
            Assert.Equal(".", replica.BuildContext);
            Assert.Equal("Dockerfile", replica.BuildDockerfile);
        });
        Assert.Single(Replicas.Select(r => r.Image).Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public void Replica_environments_are_valid_server_configuration()
    {
        foreach (var replica in Replicas)
        {
            // Act
            var problems = ServerConfigurationCheck.Problems(DeploymentFiles.ContainerEnvironment(replica));

            // Assert
            Assert.True(problems.Count == 0, $"{replica.Name}: {string.Join("; ", problems)}");
        }
    }

    [Fact]
    public void Replicas_have_distinct_consumer_groups_and_share_the_PostgreSQL_store()
    {
        // Arrange
        var options = Replicas.Select(r => (Kafka: Bind<KafkaOptions>(r, KafkaOptions.SectionName), Environment: DeploymentFiles.ContainerEnvironment(r))).ToList();

        // Assert: each replica must read every partition itself, so the groups differ.
        Assert.Equal(options.Count, options.Select(o => o.Kafka.GroupId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(options, o => Assert.Equal("postgres", o.Environment["Storage__Provider"]));
        Assert.Single(options.Select(o => o.Environment["ConnectionStrings__Postgres"]).Distinct(StringComparer.Ordinal));
        Assert.All(options, o => Assert.False(o.Kafka.IsEmbedded));
    }

    [Fact]
    public void Connection_string_names_the_PostgreSQL_service_and_its_credentials()
    {
        // Arrange
        var postgres = Assert.Single(Compose.Services.Values, s => s.Image?.StartsWith("postgres:", StringComparison.Ordinal) == true);

        foreach (var replica in Replicas)
        {
            var connection = new NpgsqlConnectionStringBuilder(DeploymentFiles.ContainerEnvironment(replica)["ConnectionStrings__Postgres"]);

            // Assert
            Assert.Equal(postgres.Name, connection.Host);
            Assert.Equal(5432, connection.Port);
            Assert.Equal(postgres.Environment["POSTGRES_DB"], connection.Database);
            Assert.Equal(postgres.Environment["POSTGRES_USER"], connection.Username);
            Assert.Equal(postgres.Environment["POSTGRES_PASSWORD"], connection.Password);
            Assert.Equal("service_healthy", replica.DependsOn[postgres.Name]);
        }
    }

    [Fact]
    public void Kafka_is_a_KRaft_cluster_of_the_official_image()
    {
        // Arrange
        var nodes = KafkaNodes;
        var voters = nodes.Select(n => n.Environment["KAFKA_CONTROLLER_QUORUM_VOTERS"]).Distinct(StringComparer.Ordinal).Single();

        // Assert: no ZooKeeper anywhere; every node is a controller voter and a broker.
        Assert.DoesNotContain(Compose.Services.Values, s => s.Image?.Contains("zookeeper", StringComparison.OrdinalIgnoreCase) == true);
        Assert.Equal(3, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("broker,controller", n.Environment["KAFKA_PROCESS_ROLES"]));
        Assert.Equal(
            nodes.Select(n => $"{n.Environment["KAFKA_NODE_ID"]}@{n.Name}:9093").Order(StringComparer.Ordinal),
            voters.Split(',').Order(StringComparer.Ordinal));
        Assert.Single(nodes.Select(n => n.Environment["CLUSTER_ID"]).Distinct(StringComparer.Ordinal));
        Assert.All(nodes, n => Assert.Equal("false", n.Environment["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]));
    }

    [Fact]
    public void Bootstrap_servers_are_the_brokers_advertised_listeners()
    {
        // Arrange
        var advertised = KafkaNodes
            .SelectMany(n => n.Environment["KAFKA_ADVERTISED_LISTENERS"].Split(','))
            .Where(l => l.StartsWith("PLAINTEXT://", StringComparison.Ordinal))
            .Select(l => l["PLAINTEXT://".Length..])
            .ToHashSet(StringComparer.Ordinal);

        foreach (var replica in Replicas)
        {
            var bootstrap = Bind<KafkaOptions>(replica, KafkaOptions.SectionName).BootstrapServers.Split(',');

            // Assert
            Assert.Equal(advertised.Order(StringComparer.Ordinal), bootstrap.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Topics_are_created_once_with_the_layout_operations_md_recommends()
    {
        // Arrange
        var init = Compose["kafka-init"];
        var recommended = RecommendedTopicLayout().Match(RepositoryFiles.Read("docs/operations.md"));
        var partitions = int.Parse(init.Environment["TOPIC_PARTITIONS"], System.Globalization.CultureInfo.InvariantCulture);
        var replication = int.Parse(init.Environment["TOPIC_REPLICATION_FACTOR"], System.Globalization.CultureInfo.InvariantCulture);
        var minInSync = int.Parse(init.Environment["TOPIC_MIN_INSYNC_REPLICAS"], System.Globalization.CultureInfo.InvariantCulture);

        // Assert: the layout is the documented one and fits the cluster (a write survives one broker down).
        Assert.True(recommended.Success, "docs/operations.md states no kafka-topics.sh layout");
        Assert.Equal(recommended.Groups["partitions"].Value, init.Environment["TOPIC_PARTITIONS"]);
        Assert.Equal(recommended.Groups["replication"].Value, init.Environment["TOPIC_REPLICATION_FACTOR"]);
        Assert.Equal(recommended.Groups["insync"].Value, init.Environment["TOPIC_MIN_INSYNC_REPLICAS"]);
        Assert.Equal(KafkaNodes.Count, replication);
        Assert.InRange(minInSync, 2, replication - 1);
        Assert.Equal(0, partitions % KafkaNodes.Count);
        Assert.All(KafkaNodes, n => Assert.Equal("service_healthy", init.DependsOn[n.Name]));

        // The servers use exactly these topics, wait for them, and do not create their own.
        foreach (var replica in Replicas)
        {
            var kafka = Bind<KafkaOptions>(replica, KafkaOptions.SectionName);
            Assert.Equal(
                new[] { kafka.DecisionsTopic, kafka.RewardsTopic, kafka.DeadLetterTopic }.Order(StringComparer.Ordinal),
                init.Environment["TOPICS"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            Assert.False(kafka.CreateTopics);
            Assert.Equal("service_completed_successfully", replica.DependsOn["kafka-init"]);
        }
    }

    [Fact]
    public void Topics_are_created_with_the_partitions_and_replication_the_README_recommends()
    {
        // Arrange
        var init = Compose["kafka-init"];
        var recommended = ReadmeTopicLayout().Match(RepositoryFiles.Read("README.md"));

        // Assert
        Assert.True(recommended.Success, "README.md states no topic layout (N partitions, replication factor R, min.insync.replicas=M)");
        Assert.Equal(recommended.Groups["partitions"].Value, init.Environment["TOPIC_PARTITIONS"]);
        Assert.Equal(recommended.Groups["replication"].Value, init.Environment["TOPIC_REPLICATION_FACTOR"]);
        Assert.Equal(recommended.Groups["insync"].Value, init.Environment["TOPIC_MIN_INSYNC_REPLICAS"]);
    }

    [Fact]
    public void Replicas_publish_the_port_the_server_listens_on()
    {
        // Arrange
        var listen = DeploymentFiles.ImageListenAddress;
        var hostPorts = Compose.Services.Values.SelectMany(s => s.Ports).Select(p => p.Host).ToList();

        // Assert
        foreach (var replica in Replicas)
        {
            var environment = DeploymentFiles.ContainerEnvironment(replica);
            Assert.Equal(listen, ListenAddress.TryParse(environment["ASPNETCORE_URLS"]));
            var port = Assert.Single(replica.Ports);
            Assert.Equal(listen.Port, port.Container);

            // The image's healthcheck (on /health/ready) applies: a replica must not replace it.
            Assert.True(replica.HealthcheckTest.Count == 0 || string.Join(' ', replica.HealthcheckTest).Contains("/health/ready", StringComparison.Ordinal));
        }

        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }

    [Fact]
    public void Second_replica_waits_for_the_first_to_be_ready()
    {
        // The first replica migrates the schema; starting both at once would race the migration.
        Assert.Equal("service_healthy", Replicas[1].DependsOn[Replicas[0].Name]);
    }

    [Fact]
    public void Admin_key_must_be_supplied_rather_than_shipped()
    {
        // Arrange
        var yaml = RepositoryFiles.Read("docker-compose.yml");
        var withoutKey = DeploymentFiles.Compose(new Dictionary<string, string>());

        // Act
        var error = Assert.Throws<InvalidOperationException>(() => withoutKey.ServerReplicas()[0].Environment);

        // Assert
        Assert.Contains("BANDITSERVE_ADMIN_KEY", error.Message, StringComparison.Ordinal);
        Assert.Equal(["BANDITSERVE_ADMIN_KEY"], ComposeInterpolation.RequiredVariables(yaml).Distinct());
        Assert.Contains("BANDITSERVE_ADMIN_KEY", RepositoryFiles.Read("docs/operations.md"), StringComparison.Ordinal);
        Assert.All(Replicas, r => Assert.Equal(DeploymentFiles.OperatorVariables["BANDITSERVE_ADMIN_KEY"], r.Environment["Auth__AdminKeys__0"]));
    }

    [Fact]
    public void Mounted_files_exist_and_named_volumes_are_declared()
    {
        foreach (var service in Compose.Services.Values)
        {
            foreach (var volume in service.Volumes)
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith("./", StringComparison.Ordinal))
                {
                    Assert.True(File.Exists(RepositoryFiles.PathOf(source[2..])) || Directory.Exists(RepositoryFiles.PathOf(source[2..])), $"{service.Name} mounts missing {source}");
                }
                else
                {
                    Assert.Contains(source, Compose.Volumes);
                }
            }
        }
    }

    private static T Bind<T>(ComposeService replica, string section)
        where T : new()
    {
        var settings = DeploymentFiles.ContainerEnvironment(replica)
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value);
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(section).Get<T>() ?? new T();
    }

    [GeneratedRegex(@"(?<partitions>\d+) partitions,\s+replication factor (?<replication>\d+), `min\.insync\.replicas=(?<insync>\d+)`")]
    private static partial Regex ReadmeTopicLayout();

    [GeneratedRegex(@"--partitions (?<partitions>\d+) --replication-factor (?<replication>\d+) --config min\.insync\.replicas=(?<insync>\d+)")]
    private static partial Regex RecommendedTopicLayout();
}
