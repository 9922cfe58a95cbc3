namespace BanditServe.Api.Contracts;

/// <summary>Body of <c>PUT /v1/surfaces/{surface}</c> (API.md "Surfaces").</summary>
public sealed class SurfaceConfigurationRequest
{
    public int? Dimension { get; set; }
    public string? Policy { get; set; }
    public double? Alpha { get; set; }
    public double? Epsilon { get; set; }
    public double? Ridge { get; set; }
    public double? Forgetting { get; set; }
    public int? RewardWindowSeconds { get; set; }
    public RecoveryConfiguration? Recovery { get; set; }

    /// <summary>Explicit <c>null</c> means "unrewarded items are not learned"; absent means 0.</summary>
    public double? DefaultReward
    {
        get => _defaultReward;
        set
        {
            _defaultReward = value;
            DefaultRewardSpecified = true;
        }
    }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool DefaultRewardSpecified { get; private set; }

    private double? _defaultReward;
}

/// <summary>The <c>recovery</c> block of a <c>recovering-periodic</c> surface.</summary>
public sealed class RecoveryConfiguration
{
    public int? PeriodSeconds { get; set; }
    public int? SlotsPerPeriod { get; set; }
    public int? MaxIdlePeriods { get; set; }
    public bool? AllowClientClock { get; set; }
}

/// <summary>A surface as <c>GET /v1/surfaces/{surface}</c> returns it.</summary>
public sealed record SurfaceResponse(
    string Surface,
    int? Dimension,
    string Policy,
    double Alpha,
    double Epsilon,
    double Ridge,
    double Forgetting,
    int RewardWindowSeconds,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    double? DefaultReward,
    RecoveryConfiguration? Recovery,
    int ItemCount,
    long ModelVersion,
    long Decisions,
    long RewardsApplied);

public sealed record SurfaceListResponse(IReadOnlyList<SurfaceResponse> Surfaces);
