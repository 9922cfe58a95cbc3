namespace BanditServe.Bandits.Recovering;

/// <summary>
/// One immutable plan of the policy: the arms that have a period, their periods and absolute
/// phases (arm due in period t when t mod p = phase), in force from <see cref="EffectiveFrom"/>
/// until the next plan. Shared with readers without a lock.
/// </summary>
internal sealed class SchedulePlan
{
    private readonly Dictionary<int, int> _positionOfArm;
    private readonly DueCalendar _calendar;

    /// <param name="version">Plan version (1 for the first plan).</param>
    /// <param name="effectiveFrom">First period the plan is in force; earlier periods follow older plans, or none.</param>
    /// <param name="anchor">Period the plan was made for: start of its offset window and its UCB time.</param>
    /// <param name="arms">Dense item indices, ascending.</param>
    /// <param name="itemIds">Item id of each position.</param>
    /// <param name="periods">Period of each position (1..d_max).</param>
    /// <param name="phases">Absolute phase of each position in [0, period).</param>
    public SchedulePlan(long version, long effectiveFrom, long anchor, int[] arms, string[] itemIds, int[] periods, int[] phases)
    {
        Version = version;
        EffectiveFrom = effectiveFrom;
        Anchor = anchor;
        Arms = arms;
        ItemIds = itemIds;
        Periods = periods;
        Phases = phases;
        _positionOfArm = new Dictionary<int, int>(arms.Length);
        for (int position = 0; position < arms.Length; position++)
        {
            _positionOfArm.Add(arms[position], position);
        }

        _calendar = new DueCalendar(periods, phases);
    }

    public long Version { get; }

    public long EffectiveFrom { get; }

    public long Anchor { get; }

    public int[] Arms { get; }

    public string[] ItemIds { get; }

    public int[] Periods { get; }

    public int[] Phases { get; }

    /// <summary>The arm's position in this plan, or −1 when the plan never pulls it.</summary>
    public int PositionOf(int arm) => _positionOfArm.TryGetValue(arm, out int position) ? position : -1;

    public bool IsDue(int position, long period) => DueCalendar.FloorMod(period, Periods[position]) == Phases[position];

    public int[] Due(long period) => _calendar.Due(period);
}
