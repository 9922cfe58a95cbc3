namespace BanditServe.Storage;

/// <summary>A surface's stored configuration (API.md, "Surfaces").</summary>
/// <param name="Surface">The surface id (1–128 chars of <c>[A-Za-z0-9._:-]</c>, validated by the API).</param>
/// <param name="Dimension">The context dimension (ignored by <c>recovering-periodic</c> surfaces).</param>
/// <param name="Policy">The policy name, e.g. <c>diag-linucb</c> or <c>recovering-periodic</c>.</param>
/// <param name="Alpha">Exploration width of the upper confidence bound.</param>
/// <param name="Epsilon">Probability of a uniformly random pick per slot.</param>
/// <param name="Ridge">Prior precision.</param>
/// <param name="Forgetting">Factor applied to old statistics on each update (1 = no forgetting).</param>
/// <param name="RewardWindowSeconds">How long after a decision rewards are joined to it.</param>
/// <param name="DefaultReward">Reward learned for shown but unrewarded items; <see langword="null"/> = not learned.</param>
/// <param name="RecoveryJson">The <c>recovery</c> settings as JSON text, or <see langword="null"/>.</param>
/// <param name="CreatedAt">When the surface was first stored.</param>
/// <param name="UpdatedAt">When the configuration was last written.</param>
public sealed record SurfaceRecord(
    string Surface,
    int Dimension,
    string Policy,
    double Alpha,
    double Epsilon,
    double Ridge,
    double Forgetting,
    int RewardWindowSeconds,
    double? DefaultReward,
    string? RecoveryJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
