namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>What is known about one decision, from this process's memory or from the decision log.</summary>
/// <param name="Source"><see cref="FromMemory"/> or <see cref="FromDecisionLog"/>.</param>
/// <param name="Surface">The surface that decided.</param>
/// <param name="EventId">The decision.</param>
/// <param name="Policy">The surface's policy when it decided.</param>
/// <param name="At">The decision time.</param>
/// <param name="ModelVersion">The model version that ranked.</param>
/// <param name="Alpha">The exploration width (null on schedules).</param>
/// <param name="Epsilon">The probability of a uniformly random pick per slot.</param>
/// <param name="Period">The scheduled period (recovering-periodic).</param>
/// <param name="Candidates">Which items competed, as the decision knew them; null when the log does not say.</param>
/// <param name="Items">The placed items by slot.</param>
/// <param name="Rewards">The rewards joined so far.</param>
/// <param name="Context">The ranked context; null on schedules or when it cannot be read.</param>
/// <param name="CandidateSet">What to score for the candidate table; null on schedules.</param>
/// <param name="Notes">What the explanation could not know exactly, in words.</param>
internal sealed record ExplainedDecision(
    string Source,
    string Surface,
    string EventId,
    string Policy,
    DateTimeOffset At,
    long ModelVersion,
    double? Alpha,
    double Epsilon,
    long? Period,
    ExplainedCandidatesResponse? Candidates,
    IReadOnlyList<ExplainedItemResponse> Items,
    IReadOnlyList<JoinedRewardResponse> Rewards,
    DecisionContext? Context,
    CandidateSet? CandidateSet,
    IReadOnlyList<string> Notes)
{
    public const string FromMemory = "memory";
    public const string FromDecisionLog = "decisionLog";
}
