namespace BanditServe.Streaming.Join;

/// <summary>A message the join could not use; it goes to the dead-letter topic.</summary>
/// <param name="Reason">One of <see cref="DeadLetterReasons"/>.</param>
/// <param name="Detail">Human-readable reason, written to the <c>error</c> header.</param>
/// <param name="Message">Which kind of message was refused.</param>
/// <param name="EventId">Event id of the message.</param>
/// <param name="ItemId">Item id of a refused reward.</param>
/// <param name="OriginalValue">The message's value as it was consumed, when the caller supplied it.</param>
public sealed record JoinRejection(
    string Reason,
    string Detail,
    JoinMessageKind Message,
    string EventId,
    string? ItemId,
    byte[]? OriginalValue);
