namespace BanditServe.Bandits.Recovering;

/// <summary>
/// Greedy order of envelope segments: slope descending, then arm ascending, then position in the
/// arm's sorted list, a total order equal to the reference's stable sort by (−slope, arm).
/// </summary>
internal readonly record struct SegmentKey(double Slope, int Arm, int Index)
{
    public static readonly IComparer<SegmentKey> Comparer = Comparer<SegmentKey>.Create(static (a, b) =>
    {
        int bySlope = b.Slope.CompareTo(a.Slope);
        if (bySlope != 0)
        {
            return bySlope;
        }

        int byArm = a.Arm.CompareTo(b.Arm);
        return byArm != 0 ? byArm : a.Index.CompareTo(b.Index);
    });
}
