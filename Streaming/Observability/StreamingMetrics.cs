using Prometheus;

namespace BanditServe.Streaming.Observability;

/// <summary>Prometheus instruments of the Streaming module, created once.</summary>
internal static class StreamingMetrics
{
    public static readonly Counter DecisionsPublished = Metrics.CreateCounter(
        "bandit_decisions_published_total", "Decisions acknowledged by Kafka.");

    public static readonly Counter DecisionPublishErrors = Metrics.CreateCounter(
        "bandit_decision_publish_errors_total", "Decisions Kafka did not accept (dropped from the topic).");

    public static readonly Counter RewardsPublished = Metrics.CreateCounter(
        "bandit_rewards_published_total", "Rewards acknowledged by Kafka after POST /v1/rewards.");

    public static readonly Counter RewardPublishErrors = Metrics.CreateCounter(
        "bandit_reward_publish_errors_total", "Reward publishes that failed or timed out (answered 503).");

    public static readonly Counter MessagesConsumed = Metrics.CreateCounter(
        "bandit_stream_messages_consumed_total", "Messages consumed, by topic kind.", "kind");

    // Resolved once: a label lookup per consumed message is a dictionary probe on the consumer's hot loop.
    public static readonly Counter.Child DecisionsConsumed = MessagesConsumed.WithLabels("decision");

    public static readonly Counter.Child RewardsConsumed = MessagesConsumed.WithLabels("reward");

    public static readonly Counter RewardsJoined = Metrics.CreateCounter(
        "bandit_rewards_joined_total", "Rewards joined to their decision.");

    public static readonly Counter DefaultRewards = Metrics.CreateCounter(
        "bandit_default_rewards_total", "Shown-but-unrewarded items learned with the default reward at window close.");

    public static readonly Counter DuplicateRewards = Metrics.CreateCounter(
        "bandit_rewards_duplicate_total", "Rewards ignored because their (eventId, itemId) pair was already rewarded.");

    public static readonly Counter DuplicateDecisions = Metrics.CreateCounter(
        "bandit_decisions_duplicate_total", "Decisions ignored because their eventId was already seen.");

    public static readonly Counter ExamplesApplied = Metrics.CreateCounter(
        "bandit_examples_applied_total", "Joined examples the learner applied.");

    public static readonly Counter DeadLettered = Metrics.CreateCounter(
        "bandit_dlq_total", "Messages sent to the dead-letter topic, by reason.", "reason");

    public static readonly Counter ConsumeErrors = Metrics.CreateCounter(
        "bandit_consume_errors_total", "Consume errors the loop logged and continued after.");

    public static readonly Gauge ConsumerLag = Metrics.CreateGauge(
        "bandit_consumer_lag_messages", "Messages in the assigned partitions not yet consumed.");

    public static readonly Gauge PartitionLag = Metrics.CreateGauge(
        "bandit_consumer_partition_lag_messages", "Messages not yet consumed, per assigned partition.", "topic", "partition");

    public static readonly Gauge OpenDecisions = Metrics.CreateGauge(
        "bandit_join_open_decisions", "Decisions whose reward window is open.");

    public static readonly Gauge ClosedDecisions = Metrics.CreateGauge(
        "bandit_join_closed_decisions", "Closed decisions remembered (Kafka:ClosedEventRetentionSeconds, Kafka:ClosedEventCapacity).");

    public static readonly Gauge HeldRewards = Metrics.CreateGauge(
        "bandit_join_held_rewards", "Rewards waiting for their decision.");

    public static readonly Counter CatalogRefreshes = Metrics.CreateCounter(
        "bandit_stream_catalog_refreshes_total", "Catalog lookups for a decision's unknown surface or item, by outcome (refreshed, failed).", "outcome");

    public static readonly Gauge HeldPartitions = Metrics.CreateGauge(
        "bandit_stream_held_partitions", "Partitions paused at a decision whose surface could not be looked up (the catalog store is unavailable).");

    public static readonly Counter Checkpoints = Metrics.CreateCounter(
        "bandit_stream_checkpoints_total", "Stream checkpoints saved.");

    public static readonly Counter CheckpointFailures = Metrics.CreateCounter(
        "bandit_stream_checkpoint_failures_total", "Stream checkpoints that failed to save.");

    public static readonly Histogram CheckpointDuration = Metrics.CreateHistogram(
        "bandit_stream_checkpoint_duration_seconds", "Time to capture and save a stream checkpoint.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
}
