namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Position-based click model: P(click | item, slot) = clickRate × affinity(item) × decay^slot, with
/// a fixed per-item affinity in [0.5, 1.5) so some items are better than others and the bandit has
/// something to learn.
/// </summary>
public sealed class ClickModel(ScenarioSettings settings)
{
    public double ClickProbability(string itemId, int slot)
    {
        var affinity = 0.5 + Uniform.Next(settings.Seed, string.GetHashCode(itemId, StringComparison.Ordinal) & 0x7fffffff, 7);
        return Math.Min(1, settings.ClickRate * affinity * Math.Pow(settings.PositionDecay, slot));
    }
}
