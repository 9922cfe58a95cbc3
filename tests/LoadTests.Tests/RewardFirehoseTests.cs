using System.Text.Json;
using BanditServe.LoadTests.Profiles;
using BanditServe.LoadTests.Runs;
using BanditServe.LoadTests.Running;
using BanditServe.LoadTests.Scenarios;
using BanditServe.LoadTests.Targets;
using Confluent.Kafka;

namespace BanditServe.LoadTests.Tests;

public sealed class RewardFirehoseTests
{
    [Fact]
    public async Task The_firehose_writes_reward_json_keyed_by_event_id_into_the_rewards_topic()
    {
        // Arrange: librdkafka's in-process mock cluster (real TCP on 127.0.0.1) and the baseline endpoint making the decisions.
        var cancellationToken = TestContext.Current.CancellationToken;
        var clusterConfig = new ProducerConfig { BootstrapServers = "embedded:9092" };
        clusterConfig.Set("test.mock.num.brokers", "1");
        using var cluster = new ProducerBuilder<byte[], byte[]>(clusterConfig).Build();
        using var admin = new DependentAdminClientBuilder(cluster.Handle).Build();
        var broker = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Single();
        var topic = "rewards-" + Guid.NewGuid().ToString("N");
        await using var decisions = await BaselineServer.StartAsync(0, cancellationToken);
        var request = new LoadTestRequest
        {
            Scenario = ScenarioCatalog.RewardFirehose,
            TargetUrl = decisions.BaseAddress,
            Profile = new LoadProfile { Model = LoadModel.Open, Stages = [new RateStage(TimeSpan.FromSeconds(1), 50, 50)] },
            Settings = new ScenarioSettings
            {
                CatalogSize = 10,
                Slots = 2,
                PrimeDecisions = 10,
                Kafka = LoopbackAddress.RequireKafka($"{broker.Host}:{broker.Port}"),
                RewardsTopic = topic,
            },
        };

        // Act
        var report = await LoadTestRun.ExecuteAsync(request, TextWriter.Null, cancellationToken);

        // Assert: 50 acknowledged rewards, each readable back from the topic with the contract's fields.
        var produced = report.Kinds.Single(kind => kind.Kind == KafkaRewardOperation.KindName);
        Assert.Equal(50, produced.Requests);
        Assert.Equal(50, produced.Outcomes["200"]);
        Assert.Null(report.Baseline);

        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = $"{broker.Host}:{broker.Port}",
            GroupId = "loadtests-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var messages = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (messages.Count < 50 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } message)
            {
                messages.Add(message);
            }
        }

        consumer.Close();
        Assert.Equal(50, messages.Count);
        foreach (var message in messages)
        {
            using var value = JsonDocument.Parse(message.Message.Value);
            Assert.Equal(message.Message.Key, value.RootElement.GetProperty("eventId").GetString());
            Assert.StartsWith("item-", value.RootElement.GetProperty("itemId").GetString(), StringComparison.Ordinal);
            Assert.Contains(value.RootElement.GetProperty("reward").GetDouble(), new[] { 0.0, 1.0 });
            Assert.True(DateTimeOffset.TryParse(value.RootElement.GetProperty("at").GetString(), out _));
        }
    }
}
