using BanditServe.Streaming.Join;

namespace BanditServe.Streaming.Kafka;

/// <summary>
/// Settings of the <c>Kafka</c> configuration section (API.md, configuration keys).
/// </summary>
/// <remarks>
/// To add a setting: (1) add the property here with its default and a doc comment; (2) check its
/// range in <see cref="Validate"/>; (3) use it where the clients are configured; (4) document it in
/// docs/operations.md.
/// </remarks>
public sealed class KafkaOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated host:port list; empty = embedded in-process broker (not durable).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Consumer group id. Offsets are assigned manually from checkpoints, so the group is never rebalanced.</summary>
    public string GroupId { get; set; } = "banditserve";

    /// <summary>Topic the server writes its decisions to.</summary>
    public string DecisionsTopic { get; set; } = "banditserve.decisions";

    /// <summary>Topic rewards are read from (and written to by <c>POST /v1/rewards</c>).</summary>
    public string RewardsTopic { get; set; } = "banditserve.rewards";

    /// <summary>Topic of messages that could not be applied, with header <c>error</c>.</summary>
    public string DeadLetterTopic { get; set; } = "banditserve.dlq";

    /// <summary>Whether the server creates missing topics at start.</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>Partitions of topics the server creates (the embedded broker always uses its default of 4).</summary>
    public int TopicPartitions { get; set; } = 4;

    /// <summary>How long a reward that arrives before its decision waits for it.</summary>
    public double RewardGraceSeconds { get; set; } = 30;

    /// <summary>How long after its end a reward window still accepts rewards that happened inside it.</summary>
    public double AllowedLatenessSeconds { get; set; } = 1;

    /// <summary>How long closed events are remembered (late rewards are refused as late, duplicates ignored).</summary>
    public double ClosedEventRetentionSeconds { get; set; } = 3600;

    /// <summary>Most closed events remembered at once; the oldest are forgotten first beyond it (memory and checkpoint size).</summary>
    public int ClosedEventCapacity { get; set; } = 1_000_000;

    /// <summary>How often the model, the join and the offsets are checkpointed together.</summary>
    public double CheckpointIntervalSeconds { get; set; } = 30;

    /// <summary>How long a reward publish may wait for the broker's acknowledgement before the API answers 503.</summary>
    public double PublishTimeoutSeconds { get; set; } = 5;

    /// <summary>How long the decision producer waits to batch messages; the publisher also hands decisions to it in groups at this interval.</summary>
    public int LingerMilliseconds { get; set; } = 5;

    /// <summary>Longest time the broker holds a fetch waiting for data (bounds reward-to-model latency when idle).</summary>
    public int FetchWaitMaxMilliseconds { get; set; } = 50;

    /// <summary>Whether the embedded broker is used.</summary>
    public bool IsEmbedded => string.IsNullOrWhiteSpace(BootstrapServers);

    /// <summary>The join timing these options describe.</summary>
    public RewardJoinOptions ToJoinOptions() => new()
    {
        RewardGrace = TimeSpan.FromSeconds(RewardGraceSeconds),
        AllowedLateness = TimeSpan.FromSeconds(AllowedLatenessSeconds),
        ClosedEventRetention = TimeSpan.FromSeconds(ClosedEventRetentionSeconds),
        ClosedEventCapacity = ClosedEventCapacity,
    };

    /// <summary>Every problem with these options, naming the key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(!string.IsNullOrWhiteSpace(GroupId), "Kafka:GroupId must not be empty");
        Require(!string.IsNullOrWhiteSpace(DecisionsTopic), "Kafka:DecisionsTopic must not be empty");
        Require(!string.IsNullOrWhiteSpace(RewardsTopic), "Kafka:RewardsTopic must not be empty");
        Require(!string.IsNullOrWhiteSpace(DeadLetterTopic), "Kafka:DeadLetterTopic must not be empty");
        Require(
            new[] { DecisionsTopic, RewardsTopic, DeadLetterTopic }.Distinct(StringComparer.Ordinal).Count() == 3,
            "Kafka:DecisionsTopic, Kafka:RewardsTopic and Kafka:DeadLetterTopic must differ");
        Require(TopicPartitions >= 1, "Kafka:TopicPartitions must be at least 1");
        Require(RewardGraceSeconds >= 0, "Kafka:RewardGraceSeconds must be >= 0");
        Require(AllowedLatenessSeconds >= 0, "Kafka:AllowedLatenessSeconds must be >= 0");
        Require(ClosedEventRetentionSeconds >= 0, "Kafka:ClosedEventRetentionSeconds must be >= 0");
        Require(ClosedEventCapacity >= 0, "Kafka:ClosedEventCapacity must be >= 0");
        Require(CheckpointIntervalSeconds > 0, "Kafka:CheckpointIntervalSeconds must be > 0");
        Require(PublishTimeoutSeconds is > 0 and <= 300, "Kafka:PublishTimeoutSeconds must be in (0, 300]");
        Require(LingerMilliseconds is >= 0 and <= 1000, "Kafka:LingerMilliseconds must be in [0, 1000]");
        Require(FetchWaitMaxMilliseconds is >= 1 and <= 5000, "Kafka:FetchWaitMaxMilliseconds must be in [1, 5000]");
        return problems;
    }
}
