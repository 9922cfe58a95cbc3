namespace BanditServe.Streaming.Learning;

/// <summary>What <see cref="ILearningSink.Apply"/> did with an example.</summary>
/// <param name="Applied">Whether the model learned the example.</param>
/// <param name="RejectionReason">Why not, when it did not.</param>
public readonly record struct LearningResult(bool Applied, string? RejectionReason)
{
    /// <summary>The example was learned.</summary>
    public static LearningResult Success { get; } = new(true, null);

    /// <summary>The example was not learned, for <paramref name="reason"/>.</summary>
    public static LearningResult Rejected(string reason) => new(false, reason);
}
