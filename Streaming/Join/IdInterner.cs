namespace BanditServe.Streaming.Join;

/// <summary>
/// Hands out one string instance per distinct id, so the join's entries share the surface and item id
/// strings instead of holding a fresh copy from every deserialized decision.
/// </summary>
/// <remarks>
/// Why: each decision keeps its surface and shown item ids for its reward window and then for the
/// closed-event retention. Deserialized copies are a dozen strings per decision that every ephemeral
/// garbage collection copies into older generations; at a few thousand decisions per second those
/// copies were most of the server's GC pause time. Bounded: past <see cref="Capacity"/> distinct ids the
/// table starts again empty (entries keep the instances they already hold). Not thread-safe; the join
/// uses it under its lock.
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
