namespace BanditServe.Offline.Logs;

/// <summary>An evaluation policy's distribution over actions at one (round, position).</summary>
public sealed class ActionDistribution
{
    private readonly Dictionary<string, double> probabilities;

    /// <summary>Builds the distribution; actions must be distinct.</summary>
    /// <exception cref="ArgumentException">An action appears twice or the lengths differ.</exception>
    public ActionDistribution(IReadOnlyList<string> actions, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (actions.Count != probabilities.Count)
        {
            throw new ArgumentException("One probability per action is needed.", nameof(probabilities));
        }

        this.probabilities = new Dictionary<string, double>(actions.Count, StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            if (!this.probabilities.TryAdd(actions[i], probabilities[i]))
            {
                throw new ArgumentException($"Action '{actions[i]}' appears twice.", nameof(actions));
            }
        }

        Actions = [.. actions];
        Probabilities = [.. probabilities];
    }

    /// <summary>Actions with a listed probability (possibly 0).</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>Probabilities, aligned with <see cref="Actions"/>.</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>Sum of the probabilities.</summary>
    public double Total => Probabilities.Sum();

    /// <summary>π_e(action); 0 for an action not listed.</summary>
    public double ProbabilityOf(string action) => probabilities.GetValueOrDefault(action);
}
