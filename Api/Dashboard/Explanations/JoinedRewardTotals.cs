namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>Count and sum of the rewards one surface learned since this process started.</summary>
/// <param name="Count">Rewards learned (default rewards included).</param>
/// <param name="Sum">Their sum.</param>
public readonly record struct JoinedRewardTotals(long Count, double Sum);
