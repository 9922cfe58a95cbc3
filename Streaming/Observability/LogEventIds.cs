namespace BanditServe.Streaming.Observability;

/// <summary>Event ids of the Streaming log messages (range 3000-3999).</summary>
internal static class LogEventIds
{
    public const int EmbeddedBrokerStarted = 3000;
    public const int DecisionPublishFailed = 3001;
    public const int RewardPublishFailed = 3002;
    public const int ConsumerStarted = 3010;
    public const int ConsumerStopped = 3011;
    public const int ConsumeFailed = 3012;
    public const int KafkaError = 3013;
    public const int MessageDeadLettered = 3014;
    public const int DeadLetterFailed = 3015;
    public const int LearningFailed = 3016;
    public const int CheckpointRestored = 3020;
    public const int CheckpointSaved = 3021;
    public const int CheckpointFailed = 3022;
    public const int ConsumerFaulted = 3023;
    public const int PartitionsAdded = 3024;
    public const int CatalogRefreshFailed = 3030;
    public const int PartitionHeld = 3031;
    public const int AllPartitionsPaused = 3032;
}
