using BanditServe.LoadTests.Running;

namespace BanditServe.LoadTests.Scenarios;

/// <summary>The scenarios by name; each one sets up its own surface and items first.</summary>
public static class ScenarioCatalog
{
    public const string Rank = "rank";
    public const string RankReward = "rank-reward";
    public const string RewardFirehose = "reward-firehose";
    public const string Mixed = "mixed";

    public static IReadOnlyList<string> Names { get; } = [Rank, RankReward, RewardFirehose, Mixed];

    /// <summary>True where the scenario sends HTTP only, so the bare Kestrel floor can take the same load.</summary>
    public static bool HasHttpFloor(string name) => name is Rank or RankReward or Mixed;

    /// <param name="name">The scenario.</param>
    /// <param name="client">The target's client.</param>
    /// <param name="useKafka">Whether the scenario may send to Kafka.</param>
    /// <param name="trainCatalog">Whether to give the catalog statistics (<see cref="ScenarioSettings.TrainedShare"/>); false for the bare Kestrel floor, which has no model.</param>
    /// <param name="cancellationToken">Stops the set-up.</param>
    public static async Task<LoadScenario> SetUpAsync(string name, BanditServeClient client, bool useKafka, bool trainCatalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = client.Settings;
        settings.Validate();
        await client.SetUpSurfaceAsync(cancellationToken);
        if (trainCatalog && settings.TrainedShare > 0)
        {
            await client.TrainCatalogAsync(cancellationToken);
        }

        var bodies = new RankBodies(settings);
        var clicks = new ClickModel(settings);
        switch (name)
        {
            case Rank:
                return new LoadScenario(name, RankOperation.KindName, new RankOperation(client, bodies), null);
            case RankReward:
                return new LoadScenario(name, RankOperation.KindName, new RankRewardOperation(client, bodies, clicks), null);
            case RewardFirehose:
            {
                var bootstrap = settings.Kafka ?? throw new ArgumentException("reward-firehose needs --kafka host:port (the server logs the embedded broker's address at start)");
                var pairs = await DecisionPairs.PrimeAsync(client, bodies, cancellationToken);
                var producer = KafkaRewardOperation.CreateProducer(bootstrap);
                return new LoadScenario(name, KafkaRewardOperation.KindName, new KafkaRewardOperation(producer, pairs, clicks, settings), producer);
            }

            case Mixed:
            {
                var weights = settings.MixWeights;
                var operations = new List<(ILoadOperation, double)>
                {
                    (new RankOperation(client, bodies), weights[0]),
                    (new RankRewardOperation(client, bodies, clicks), weights[1]),
                    (new ItemChurnOperation(client), weights[3]),
                };
                Confluent.Kafka.IProducer<string, byte[]>? producer = null;
                if (useKafka && settings.Kafka is { } kafka)
                {
                    var pairs = await DecisionPairs.PrimeAsync(client, bodies, cancellationToken);
                    producer = KafkaRewardOperation.CreateProducer(kafka);
                    operations.Add((new KafkaRewardOperation(producer, pairs, clicks, settings), weights[2]));
                }

                return new LoadScenario(name, RankOperation.KindName, new MixedOperation(operations, settings.Seed), producer);
            }

            default:
                throw new ArgumentException($"unknown scenario '{name}'; known: {string.Join(", ", Names)}");
        }
    }
}
