namespace BanditServe.Bandits.Recovering;

/// <summary>The outcome of <see cref="PeriodicPlanner.Plan"/>.</summary>
/// <param name="RelaxationValue">
/// Optimal value of the LP relaxation (P) of ALGORITHMS.md §3.3: an upper bound on the long-run
/// reward per period of any policy (up to a boundary term).
/// </param>
/// <param name="Periods">The purely periodic policy: period p_i of each arm in 1..d_max, or 0 when the arm is never pulled.</param>
/// <param name="PeriodicValue">Σ R_i(p_i)/p_i, the reward per period of <see cref="Periods"/> when no two pulls collide.</param>
public sealed record PeriodicPlannerResult(double RelaxationValue, IReadOnlyList<int> Periods, double PeriodicValue);
