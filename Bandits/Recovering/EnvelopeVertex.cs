namespace BanditServe.Bandits.Recovering;

/// <summary>
/// A point (pull rate 1/d, reward rate R(d)/d) of an arm's upper concave envelope (ALGORITHMS.md §3.3);
/// <see cref="Period"/> is d, or 0 for the origin.
/// </summary>
internal readonly record struct EnvelopeVertex(double Rate, double Value, int Period);
