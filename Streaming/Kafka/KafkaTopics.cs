using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace BanditServe.Streaming.Kafka;

/// <summary>Topic provisioning and partition discovery.</summary>
public static class KafkaTopics
{
    /// <summary>Creates the topics that do not exist yet, each with <paramref name="partitions"/> partitions.</summary>
    public static async Task EnsureCreatedAsync(
        string bootstrapServers, IEnumerable<string> topics, int partitions, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).Build();
        var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics
            .Where(topic => topic.Error.Code == ErrorCode.NoError && topic.Partitions.Count > 0)
            .Select(topic => topic.Topic)
            .ToHashSet(StringComparer.Ordinal);
        var missing = topics.Distinct(StringComparer.Ordinal).Where(topic => !existing.Contains(topic))
            .Select(topic => new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 })
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var timeouts = new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(15), OperationTimeout = TimeSpan.FromSeconds(15) };
            await admin.CreateTopicsAsync(missing, timeouts).WaitAsync(cancellationToken);
        }
        catch (CreateTopicsException exception)
            when (exception.Results.All(result => result.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another replica created them first: that is the state we wanted.
        }
    }

    /// <summary>All partitions of <paramref name="topic"/> as the cluster reports them now.</summary>
    public static IReadOnlyList<TopicPartition> Partitions(IAdminClient admin, string topic, TimeSpan timeout)
    {
        var metadata = admin.GetMetadata(topic, timeout);
        var topicMetadata = metadata.Topics.SingleOrDefault(candidate => candidate.Topic == topic);
        if (topicMetadata is null || topicMetadata.Error.Code != ErrorCode.NoError)
        {
            return [];
        }

        return [.. topicMetadata.Partitions.Select(partition => new TopicPartition(topic, partition.PartitionId)).OrderBy(p => p.Partition.Value)];
    }
}
