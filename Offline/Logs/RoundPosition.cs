namespace BanditServe.Offline.Logs;

/// <summary>The key of one slot decision: a logged round and a position within it.</summary>
/// <param name="Round">Round identifier as written in the CSV.</param>
/// <param name="Position">Position (slot) index, ≥ 0.</param>
public readonly record struct RoundPosition(string Round, int Position)
{
    /// <inheritdoc />
    public override string ToString() => $"round '{Round}' position {Position}";
}
