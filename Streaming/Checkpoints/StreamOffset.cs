namespace BanditServe.Streaming.Checkpoints;

/// <summary>The next offset to consume in one partition.</summary>
/// <param name="Topic">Topic name.</param>
/// <param name="Partition">Partition number.</param>
/// <param name="NextOffset">Offset of the first message not yet reflected in the checkpoint.</param>
public sealed record StreamOffset(string Topic, int Partition, long NextOffset);
