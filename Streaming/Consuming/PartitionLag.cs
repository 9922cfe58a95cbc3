namespace BanditServe.Streaming.Consuming;

/// <summary>How far the consumer is behind the end of one partition.</summary>
/// <param name="Topic">The topic (decisions or rewards).</param>
/// <param name="Partition">The partition number.</param>
/// <param name="Messages">Messages between the consumer's position and the partition's high watermark.</param>
public sealed record PartitionLag(string Topic, int Partition, long Messages);
