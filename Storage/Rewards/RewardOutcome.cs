namespace BanditServe.Storage;

/// <summary>What the learner did with a logged reward.</summary>
/// <remarks>Stored as its integer value: append new members, never renumber.</remarks>
public enum RewardOutcome
{
    /// <summary>Received; not (yet) joined to its decision.</summary>
    Received = 0,

    /// <summary>Joined to its decision and learned.</summary>
    Applied = 1,

    /// <summary>A later reward for an (eventId, itemId) pair already learned; ignored.</summary>
    Duplicate = 2,

    /// <summary>Not learned: unknown event, item not shown, or after the reward window (dead-lettered).</summary>
    Rejected = 3,

    /// <summary>Synthesised when the reward window closed without a reward; learned with the surface's default reward.</summary>
    DefaultApplied = 4,
}
