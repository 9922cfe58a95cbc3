namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// One slot of <see cref="DecisionExplanations"/>' ring: a decision kept for explanation, its decision-time terms
/// and the rewards joined later. Slots are reused: a new decision overwrites the oldest one's fields and buffers.
/// </summary>
/// <remarks>
/// Why reused: a kept decision lives for seconds (20,000 of them at thousands of ranks a second), long enough to be
/// copied through both young generations into gen2 and to die there. As fresh objects per rank (the record, its
/// placed items, its context, its candidate description) that was about 1 KB per rank for every collection to copy,
/// the largest share of the server's GC pauses (docs/performance.md, "Seventh pass"). Only the owner's lock touches a slot.
/// </remarks>
internal sealed class RecordedDecision
{
    private static readonly string[] NoNotes = [];

    private PlacedItemTerms[] _items = new PlacedItemTerms[16];
    private int _itemCount;
    private int[] _contextIndices = new int[64];
    private float[] _contextValues = new float[64];
    private int _contextCount;
    private int _contextDimension = -1;
    private JoinedRewardResponse[] _rewards = [];

    // Decision-time settings, read only by ToExplained.
    private string _policy = "";
    private long _modelVersion;
    private double? _alpha;
    private double _epsilon;
    private long? _period;

    // Which items competed: the response parts, kept as they are (lists are only allocated when a request listed ids).
    private string _candidateSource = "";
    private int _candidateCount;
    private IReadOnlyList<string>? _requested;
    private IReadOnlyList<string>? _unknown;
    private IReadOnlyList<string>? _excluded;

    // The candidate set to score again: null on schedules, else whether it is wholly known.
    private bool? _candidatesKnown;

    public string Surface { get; private set; } = "";

    /// <summary>
    /// Where the owner's id table keeps this decision's event id, and that entry's generation. Not the id string:
    /// a fresh string per rank, referenced from this old slot for seconds, was copied by every young collection.
    /// </summary>
    public (int Slot, int Generation) EventKey { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Overwrites this slot with a new decision's identity and settings; items, context and candidates follow.</summary>
    public void Reset(string surface, (int Slot, int Generation) eventKey, string policy, DateTimeOffset at, long modelVersion, double? alpha, double epsilon, long? period)
    {
        (Surface, EventKey, _policy, At, _modelVersion, _alpha, _epsilon, _period) = (surface, eventKey, policy, at, modelVersion, alpha, epsilon, period);
        _itemCount = 0;
        _contextCount = 0;
        _contextDimension = -1;
        _rewards = [];
        (_candidateSource, _candidateCount, _requested, _unknown, _excluded) = ("", 0, null, null, null);
        _candidatesKnown = null;
    }

    /// <summary>Room for <paramref name="count"/> placed items, filled by the caller in slot order.</summary>
    public Span<PlacedItemTerms> Items(int count)
    {
        if (_items.Length < count)
        {
            _items = new PlacedItemTerms[count];
        }

        _itemCount = count;
        return _items.AsSpan(0, count);
    }

    public void SetCandidates(string source, int count, IReadOnlyList<string>? requested, IReadOnlyList<string>? unknown, IReadOnlyList<string>? excluded) =>
        (_candidateSource, _candidateCount, _requested, _unknown, _excluded) = (source, count, requested, unknown, excluded);

    /// <summary>Marks the candidates as scoreable again (rankings); <paramref name="known"/> false when only partly kept.</summary>
    public void SetCandidateSet(bool known) => _candidatesKnown = known;

    /// <summary>Keeps the context's non-zero coordinates (ascending), reusing this slot's buffers.</summary>
    public void SetContext(Bandits.FeatureVector context)
    {
        _contextDimension = context.Dimension;
        _contextCount = DecisionContext.CopyNonZero(context, ref _contextIndices, ref _contextValues);
    }

    public void AddReward(JoinedRewardResponse reward) => _rewards = [.. _rewards, reward];

    public RecentDecisionResponse ToRecent(string eventId)
    {
        var ids = new string[_itemCount];
        int explored = 0;
        for (int i = 0; i < _itemCount; i++)
        {
            ids[i] = _items[i].ItemId;
            explored += _items[i].Explored ? 1 : 0;
        }

        return new RecentDecisionResponse(eventId, At, ids, explored, _rewards.Length);
    }

    public ExplainedDecision ToExplained(string eventId)
    {
        var candidates = new ExplainedCandidatesResponse(_candidateSource, _candidateCount, _requested, _unknown, _excluded);
        var candidateSet = _candidatesKnown is { } known
            ? new CandidateSet(_requested, _excluded ?? [], _unknown ?? [], known)
            : null;
        var context = _contextDimension < 0
            ? null
            : new DecisionContext(_contextDimension, _contextIndices.AsSpan(0, _contextCount).ToArray(), _contextValues.AsSpan(0, _contextCount).ToArray());
        var notes = candidateSet is { Known: false }
            ? [$"the request listed more than {DecisionExplanations.MaxListedCandidates} candidates or exclusions; only the first {DecisionExplanations.MaxListedCandidates} of each are kept, so the candidate table scores those"]
            : NoNotes;
        var items = new ExplainedItemResponse[_itemCount];
        for (int i = 0; i < _itemCount; i++)
        {
            items[i] = _items[i].ToResponse(_alpha);
        }

        return new ExplainedDecision(
            ExplainedDecision.FromMemory, Surface, eventId, _policy, At, _modelVersion, _alpha, _epsilon, _period,
            candidates, items, _rewards, context, candidateSet, notes);
    }
}
