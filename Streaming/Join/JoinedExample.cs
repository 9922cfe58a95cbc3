namespace BanditServe.Streaming.Join;

/// <summary>One learning example: an item a decision showed, with the reward it earned.</summary>
/// <param name="Surface">Surface of the decision.</param>
/// <param name="EventId">The decision's event id.</param>
/// <param name="ItemId">The item shown and rewarded.</param>
/// <param name="Features">The decision's context.</param>
/// <param name="Reward">The reward learned.</param>
/// <param name="At">When the reward happened; for default rewards, when the window closed.</param>
/// <param name="IsDefaultReward">Whether the reward is the surface's default for an unrewarded item.</param>
/// <param name="Period">Schedule period of recovering-periodic decisions.</param>
public sealed record JoinedExample(
    string Surface,
    string EventId,
    string ItemId,
    ContextFeatures Features,
    double Reward,
    DateTimeOffset At,
    bool IsDefaultReward,
    long? Period);
