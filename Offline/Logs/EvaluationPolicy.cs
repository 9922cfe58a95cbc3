namespace BanditServe.Offline.Logs;

/// <summary>An evaluation policy given as its action distribution at every (round, position) to evaluate.</summary>
public sealed class EvaluationPolicy
{
    private readonly Dictionary<RoundPosition, ActionDistribution> distributions;

    /// <summary>Wraps the distributions (not copied).</summary>
    public EvaluationPolicy(Dictionary<RoundPosition, ActionDistribution> distributions)
    {
        ArgumentNullException.ThrowIfNull(distributions);
        this.distributions = distributions;
    }

    /// <summary>Number of (round, position) pairs with a distribution.</summary>
    public int Count => distributions.Count;

    /// <summary>All (round, position) distributions.</summary>
    public IReadOnlyDictionary<RoundPosition, ActionDistribution> Distributions => distributions;

    /// <summary>The distribution at <paramref name="key"/>, if any.</summary>
    public bool TryGet(RoundPosition key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ActionDistribution distribution) =>
        distributions.TryGetValue(key, out distribution);
}
