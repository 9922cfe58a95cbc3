namespace BanditServe.Streaming.Join;

/// <summary>How rewards of one surface are joined to its decisions (API.md, surface configuration).</summary>
/// <param name="RewardWindow">How long after a decision rewards are joined to it (<c>rewardWindowSeconds</c>).</param>
/// <param name="DefaultReward">Reward learned for shown items left unrewarded when the window closes; <see langword="null"/> = not learned.</param>
public readonly record struct SurfaceJoinSettings(TimeSpan RewardWindow, double? DefaultReward);
