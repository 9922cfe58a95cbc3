namespace BanditServe.Bandits;

/// <summary>One placed item of a ranking (a value: a rank places up to a hundred, and every rank would allocate each).</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Slot">Its slot, 0 first.</param>
/// <param name="Score">Its upper confidence bound <c>Mean + alpha·Uncertainty</c> (float32 precision).</param>
/// <param name="Propensity">The exact probability that the policy picked this item for this slot given slots 0..Slot−1 (ALGORITHMS.md 4.2).</param>
/// <param name="Explored">True when the pick came from the epsilon branch (a uniformly random remaining candidate).</param>
/// <param name="Mean">The estimated reward <c>Σ x θ</c>.</param>
/// <param name="Uncertainty">The width <c>sqrt(Σ x²/d)</c>.</param>
public readonly record struct RankedItem(string ItemId, int Slot, double Score, double Propensity, bool Explored, double Mean, double Uncertainty);
