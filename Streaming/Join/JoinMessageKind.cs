namespace BanditServe.Streaming.Join;

/// <summary>The two kinds of message the join consumes.</summary>
public enum JoinMessageKind
{
    /// <summary>A message of the decisions topic.</summary>
    Decision,

    /// <summary>A message of the rewards topic.</summary>
    Reward,
}
