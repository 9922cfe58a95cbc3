namespace BanditServe.Storage;

/// <summary>The next Kafka offset to consume for one topic partition.</summary>
/// <param name="Topic">The topic name.</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Offset">The offset of the next message to consume (as Kafka commits it).</param>
public readonly record struct KafkaOffset(string Topic, int Partition, long Offset);
