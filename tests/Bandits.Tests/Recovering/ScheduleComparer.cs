using BanditServe.Bandits.Recovering;

namespace BanditServe.Bandits.Tests.Recovering;

/// <summary>Compares schedule windows by value (records compare their lists by reference).</summary>
internal sealed class ScheduleComparer : IEqualityComparer<ScheduleWindow>
{
    public static readonly ScheduleComparer Instance = new();

    public bool Equals(ScheduleWindow? x, ScheduleWindow? y) =>
        x is not null && y is not null && x.PlanVersion == y.PlanVersion && x.Periods.Count == y.Periods.Count
        && x.Periods.Zip(y.Periods).All(pair =>
            pair.First.Period == pair.Second.Period && pair.First.PlanVersion == pair.Second.PlanVersion
            && pair.First.Items.SequenceEqual(pair.Second.Items));

    public int GetHashCode(ScheduleWindow obj) => obj.Periods.Count;
}
