namespace BanditServe.Streaming.Join;

/// <summary>What the join produced for one or more inputs; reusable after <see cref="Clear"/>.</summary>
public sealed class JoinOutput
{
    /// <summary>Examples to learn, in the order they were joined.</summary>
    public List<JoinedExample> Examples { get; } = [];

    /// <summary>Messages refused, with reasons.</summary>
    public List<JoinRejection> Rejections { get; } = [];

    /// <summary>Rewards ignored because their (eventId, itemId) pair was already rewarded.</summary>
    public int DuplicateRewards { get; internal set; }

    /// <summary>Decisions ignored because their eventId was already seen.</summary>
    public int DuplicateDecisions { get; internal set; }

    /// <summary>Rewards held because their decision has not arrived yet.</summary>
    public int HeldRewards { get; internal set; }

    /// <summary>Empties the output for reuse.</summary>
    public void Clear()
    {
        Examples.Clear();
        Rejections.Clear();
        DuplicateRewards = 0;
        DuplicateDecisions = 0;
        HeldRewards = 0;
    }
}
