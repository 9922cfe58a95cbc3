namespace BanditServe.Streaming.Join;

/// <summary>
/// Hands out one string instance per distinct id, so the default-reward examples the join emits when
/// windows close share item id strings instead of making one per example.
/// </summary>
/// <remarks>
/// The join keeps the ids themselves as characters in its <see cref="DecisionTable"/>; strings are made
/// only for the examples it emits. Bounded: past <see cref="Capacity"/> distinct ids the table starts
/// again empty (strings handed out stay valid). Not thread-safe; the join uses it under its lock.
/// </remarks>
internal sealed class IdInterner
{
    private readonly Dictionary<string, string> _ids;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    public IdInterner(int capacity = 1 << 20)
    {
        Capacity = capacity;
        _ids = new(StringComparer.Ordinal);
        _byChars = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Capacity { get; }

    public int Count => _ids.Count;

    public string Intern(string id)
    {
        if (_ids.TryGetValue(id, out var shared))
        {
            return shared;
        }

        if (_ids.Count >= Capacity)
        {
            _ids.Clear();
        }

        _ids.Add(id, id);
        return id;
    }

    /// <summary>The shared instance of the id spelled by <paramref name="id"/>; a string is made only the first time.</summary>
    public string Intern(ReadOnlySpan<char> id)
    {
        if (_byChars.TryGetValue(id, out var shared))
        {
            return shared;
        }

        return Intern(id.ToString());
    }
}
