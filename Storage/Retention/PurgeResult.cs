namespace BanditServe.Storage;

/// <summary>How many log entries a retention purge deleted.</summary>
/// <param name="Decisions">Decision log entries deleted.</param>
/// <param name="Rewards">Reward log entries deleted.</param>
public readonly record struct PurgeResult(long Decisions, long Rewards);
