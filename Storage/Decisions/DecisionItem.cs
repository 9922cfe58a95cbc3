namespace BanditServe.Storage;

/// <summary>One item placed by a decision.</summary>
/// <param name="ItemId">The item shown.</param>
/// <param name="Slot">The slot it was shown in (0 = first).</param>
/// <param name="Score">The policy's score for the item.</param>
/// <param name="Propensity">The exact probability that the serving policy picked this item for this slot.</param>
public readonly record struct DecisionItem(string ItemId, int Slot, double Score, double Propensity);
