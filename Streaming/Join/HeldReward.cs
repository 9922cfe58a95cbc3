using BanditServe.Streaming.Messages;

namespace BanditServe.Streaming.Join;

/// <summary>A reward waiting for its decision until <see cref="ExpiresAt"/>.</summary>
internal sealed record HeldReward(RewardMessage Reward, DateTimeOffset ExpiresAt, byte[]? OriginalValue);
