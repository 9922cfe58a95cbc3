using Prometheus;

namespace BanditServe.Api.Observability;

/// <summary>
/// The serving metrics (prometheus-net). Surface ids are bounded (operators create them), so they are
/// label values; item ids, user ids and event ids never are.
/// </summary>
public static class ApiMetrics
{
    public static readonly Histogram RankDuration = Metrics.CreateHistogram(
        "bandit_rank_duration_seconds",
        "Time to score and select items for one rank request, by scoring backend and policy.",
        new HistogramConfiguration
        {
            LabelNames = ["backend", "policy"],
            // 10 µs .. ~0.3 s: rank is expected to sit in the sub-millisecond range.
            Buckets = Histogram.ExponentialBuckets(0.00001, 2, 16),
        });

    public static readonly Histogram CandidatesPerRank = Metrics.CreateHistogram(
        "bandit_rank_candidates",
        "Candidates scored per rank request.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 4, 12) });

    public static readonly Counter SlotsServed = Metrics.CreateCounter(
        "bandit_slots_served_total", "Slots filled by rank, by surface.", "surface");

    public static readonly Counter ExplorationPicks = Metrics.CreateCounter(
        "bandit_exploration_picks_total", "Slots filled by a uniformly random (epsilon) pick, by surface.", "surface");

    public static readonly Gauge ConfiguredEpsilon = Metrics.CreateGauge(
        "bandit_configured_epsilon", "The epsilon configured on each surface (compare with exploration picks / slots served).", "surface");

    public static readonly Counter RewardsAccepted = Metrics.CreateCounter(
        "bandit_rewards_accepted_total", "Rewards accepted over HTTP (acknowledged by Kafka).");

    public static readonly Counter RewardsRejected = Metrics.CreateCounter(
        "bandit_rewards_rejected_total", "Rewards refused over HTTP, by reason.", "reason");

    public static readonly Counter RewardsApplied = Metrics.CreateCounter(
        "bandit_rewards_applied_total", "Joined examples applied to a model, by surface.", "surface");

    public static readonly Gauge ModelVersion = Metrics.CreateGauge(
        "bandit_model_version", "Model version of each surface.", "surface");

    public static readonly Gauge ItemCount = Metrics.CreateGauge(
        "bandit_items", "Items (active and inactive) of each surface.", "surface");

    public static readonly Histogram RewardToUpdate = Metrics.CreateHistogram(
        "bandit_reward_to_update_seconds",
        "Delay from a reward's time (its 'at') to its update being visible to rank; default rewards excluded.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    public static readonly Gauge CheckpointAge = Metrics.CreateGauge(
        "bandit_checkpoint_age_seconds", "Seconds since the last model + offsets checkpoint was written (-1 before the first).");

    public static readonly Counter DecisionsPublishFailed = Metrics.CreateCounter(
        "bandit_decisions_publish_failed_total", "Decisions that could not be handed to Kafka.");
}
