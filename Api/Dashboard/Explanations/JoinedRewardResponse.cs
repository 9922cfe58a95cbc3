namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>A reward the stream join attached to a decision and the model learned.</summary>
/// <param name="ItemId">The rewarded item.</param>
/// <param name="Reward">The reward learned.</param>
/// <param name="IsDefaultReward">True when no reward arrived within the window and the surface's default reward was learned.</param>
/// <param name="At">When the reward happened.</param>
public sealed record JoinedRewardResponse(string ItemId, double Reward, bool IsDefaultReward, DateTimeOffset At);
