namespace BanditServe.Streaming.Join;

/// <summary>
/// Reason codes of dead-lettered messages: a small fixed set, used as the <c>reason</c> metric label
/// (the <c>error</c> header carries the detailed text).
/// </summary>
public static class DeadLetterReasons
{
    /// <summary>Not valid JSON, wrong types, missing fields or invalid values.</summary>
    public const string Malformed = "malformed";

    /// <summary>A decision for a surface the durable catalog does not have (looked up there before refusing).</summary>
    public const string UnknownSurface = "unknown-surface";

    /// <summary>A reward whose decision did not arrive within the grace period.</summary>
    public const string UnknownEvent = "unknown-event";

    /// <summary>A reward for an item the decision did not show.</summary>
    public const string ItemNotShown = "item-not-shown";

    /// <summary>A reward after the decision's reward window.</summary>
    public const string LateReward = "late-reward";

    /// <summary>A joined example the learner refused (e.g. unknown item, wrong dimension).</summary>
    public const string LearningRejected = "learning-rejected";
}
