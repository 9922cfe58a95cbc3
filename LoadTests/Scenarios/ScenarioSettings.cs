namespace BanditServe.LoadTests.Scenarios;

/// <summary>What a scenario sets up and sends. Every field has a command-line option of the same name.</summary>
public sealed record ScenarioSettings
{
    /// <summary>Surface the scenario creates (or replaces) and loads.</summary>
    public string Surface { get; init; } = "loadtest";

    public int CatalogSize { get; init; } = 10_000;

    public int Dimension { get; init; } = 32;

    public int Slots { get; init; } = 5;

    /// <summary>Distinct context vectors cycled through (pre-serialized so the tool spends no time on JSON).</summary>
    public int Contexts { get; init; } = 1024;

    public int Seed { get; init; } = 12345;

    /// <summary>Base click probability of the slot-0 item (before item affinity and position decay).</summary>
    public double ClickRate { get; init; } = 0.1;

    /// <summary>Click probability multiplier per slot further down (position-based click model).</summary>
    public double PositionDecay { get; init; } = 0.7;

    /// <summary>Share of shown items for which a reward (click 1 or 0) is posted.</summary>
    public double RewardShare { get; init; } = 0.5;

    public int RewardWindowSeconds { get; init; } = 60;

    /// <summary>Share of the catalog given learned statistics before the run (<see cref="CatalogTraining"/>); 0 leaves every item at the prior.</summary>
    public double TrainedShare { get; init; }

    /// <summary>Decisions made over HTTP before a reward firehose, whose (eventId, itemId) pairs the rewards refer to.</summary>
    public int PrimeDecisions { get; init; } = 2000;

    /// <summary>Admin key for setup and item churn (the server's <c>Auth:AdminKeys</c>).</summary>
    public string? AdminKey { get; init; }

    /// <summary>Client key for rank and rewards when the server has <c>Auth:ClientKeys</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Kafka bootstrap servers (127.0.0.1 only) for the reward firehose.</summary>
    public string? Kafka { get; init; }

    public string RewardsTopic { get; init; } = "banditserve.rewards";

    /// <summary>Mixed scenario: shares of rank, rank-reward, Kafka rewards and item churn (normalised).</summary>
    public IReadOnlyList<double> MixWeights { get; init; } = [0.70, 0.20, 0.05, 0.05];

    public void Validate()
    {
        Check(CatalogSize is >= 1 and <= 10_000_000, "--catalog must be in [1, 10000000]");
        Check(Dimension is >= 1 and <= 16_777_216, "--dimension must be in [1, 16777216]");
        Check(Dimension <= 4096, "--dimension above 4096 needs sparse contexts, which the scenarios do not send yet");
        Check(Slots is >= 1 and <= 100 && Slots <= CatalogSize, "--slots must be in [1, 100] and at most --catalog");
        Check(Contexts is >= 1 and <= 100_000, "--contexts must be in [1, 100000]");
        Check(ClickRate is >= 0 and <= 1, "--click-rate must be in [0, 1]");
        Check(PositionDecay is >= 0 and <= 1, "--position-decay must be in [0, 1]");
        Check(RewardShare is >= 0 and <= 1, "--reward-share must be in [0, 1]");
        Check(TrainedShare is >= 0 and <= 1, "--trained-share must be in [0, 1]");
        Check(RewardWindowSeconds >= 1, "--reward-window must be at least 1 second");
        Check(PrimeDecisions is >= 1 and <= 1_000_000, "--prime-decisions must be in [1, 1000000]");
        Check(MixWeights.Count == 4 && MixWeights.All(weight => weight >= 0) && MixWeights.Sum() > 0, "--mix needs four weights ≥ 0 (rank,rank-reward,kafka,churn) with a positive sum");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
