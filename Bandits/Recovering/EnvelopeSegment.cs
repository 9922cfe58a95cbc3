namespace BanditServe.Bandits.Recovering;

/// <summary>
/// A rising piece of one arm's envelope: taking all of it moves the arm's rate up by
/// <see cref="Length"/> and ends at the vertex of period <see cref="EndPeriod"/>.
/// <see cref="Order"/> is the creation order, the last tie-break of the stable sort.
/// </summary>
internal readonly record struct EnvelopeSegment(double Slope, int Arm, double Length, int EndPeriod, int Order);
