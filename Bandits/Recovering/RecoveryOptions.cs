namespace BanditServe.Bandits.Recovering;

/// <summary>
/// Settings of a recovering-periodic surface (ALGORITHMS.md §3, API.md "recovery").
/// </summary>
/// <remarks>
/// To add a setting: (1) add an init property with a default here, (2) check it in <see cref="Validate"/>,
/// (3) write it in <c>RecoveringPeriodicPolicy.Serialization.cs</c> (bump the format version),
/// (4) document it where the server documents surface settings.
/// </remarks>
/// <param name="PeriodSeconds">Length of one period in wall-clock seconds (≥ 1).</param>
/// <param name="SlotsPerPeriod">K, the number of items featured per period (1..100).</param>
/// <param name="MaxIdlePeriods">d_max, the idle time after which an item counts as fully recovered (1..1000).</param>
/// <param name="AllowClientClock">Whether the server may take the period from the client's clock; stored, not used here.</param>
/// <param name="DefaultReward">Reward the server learns for a featured item that got no reward in its window; must be finite.</param>
public sealed record RecoveryOptions(
    int PeriodSeconds = 60,
    int SlotsPerPeriod = 3,
    int MaxIdlePeriods = 50,
    bool AllowClientClock = false,
    double DefaultReward = 0)
{
    /// <summary>Upper bound R_max of a reward; the upper confidence bounds are capped at it (§3.4). Rewards are expected in [0, MaxReward].</summary>
    public double MaxReward { get; init; } = 1.0;

    /// <summary>
    /// How many past periods keep their schedule: rewards for older periods are refused and
    /// schedules of older periods are no longer answered. Must be at least <see cref="MaxIdlePeriods"/>,
    /// because the idle time of a featured item is read from the schedules before it.
    /// </summary>
    public int HistoryPeriods { get; init; } = 1440;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentException">The message and <see cref="ArgumentException.ParamName"/> name the field.</exception>
    public void Validate()
    {
        if (PeriodSeconds < 1)
        {
            throw new ArgumentException($"{nameof(PeriodSeconds)} must be at least 1, got {PeriodSeconds}.", nameof(PeriodSeconds));
        }

        if (SlotsPerPeriod is < 1 or > 100)
        {
            throw new ArgumentException($"{nameof(SlotsPerPeriod)} must be in 1..100, got {SlotsPerPeriod}.", nameof(SlotsPerPeriod));
        }

        if (MaxIdlePeriods is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(MaxIdlePeriods)} must be in 1..1000, got {MaxIdlePeriods}.", nameof(MaxIdlePeriods));
        }

        if (!double.IsFinite(DefaultReward))
        {
            throw new ArgumentException($"{nameof(DefaultReward)} must be a finite number.", nameof(DefaultReward));
        }

        if (!double.IsFinite(MaxReward) || MaxReward <= 0)
        {
            throw new ArgumentException($"{nameof(MaxReward)} must be a finite number above 0, got {MaxReward}.", nameof(MaxReward));
        }

        if (HistoryPeriods < MaxIdlePeriods || HistoryPeriods > 1_000_000)
        {
            throw new ArgumentException(
                $"{nameof(HistoryPeriods)} must be in {nameof(MaxIdlePeriods)}..1000000, got {HistoryPeriods}.", nameof(HistoryPeriods));
        }
    }
}
