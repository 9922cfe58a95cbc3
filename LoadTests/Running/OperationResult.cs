using BanditServe.LoadTests.Recording;

namespace BanditServe.LoadTests.Running;

/// <summary>The primary request of one operation: its kind (e.g. <c>rank</c>) and how it ended.</summary>
/// <param name="Kind">The kind the primary request is recorded under.</param>
/// <param name="Outcome">How the primary request ended.</param>
/// <param name="CompletedTimestamp">
/// Stopwatch timestamp at which the primary request completed, when follow-up requests ran after
/// it; 0 means "when the operation returned".
/// </param>
public readonly record struct OperationResult(string Kind, OperationOutcome Outcome, long CompletedTimestamp = 0);
