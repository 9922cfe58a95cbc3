namespace BanditServe.Offline.Estimation;

/// <summary>The command-line names of the estimators (API.md "Offline jobs").</summary>
public static class EstimatorNames
{
    private static readonly (Estimator Estimator, string Name)[] Table =
    [
        (Estimator.Ips, "ips"),
        (Estimator.ClippedIps, "ips-clip"),
        (Estimator.SelfNormalizedIps, "snips"),
        (Estimator.DirectMethod, "dm"),
        (Estimator.DoublyRobust, "dr"),
        (Estimator.SelfNormalizedDoublyRobust, "sndr"),
        (Estimator.SwitchDoublyRobust, "switch-dr"),
        (Estimator.DoublyRobustWithShrinkage, "dr-os"),
        (Estimator.Replay, "replay"),
    ];

    /// <summary>The estimators the <c>evaluate</c> command runs when none are named.</summary>
    public static IReadOnlyList<Estimator> Defaults { get; } =
    [
        Estimator.Ips, Estimator.ClippedIps, Estimator.SelfNormalizedIps, Estimator.DirectMethod,
        Estimator.DoublyRobust, Estimator.SelfNormalizedDoublyRobust, Estimator.SwitchDoublyRobust,
    ];

    /// <summary>The command-line name of an estimator, e.g. <c>ips-clip</c>.</summary>
    public static string NameOf(Estimator estimator)
    {
        foreach (var (candidate, name) in Table)
        {
            if (candidate == estimator)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "Unknown estimator.");
    }

    /// <summary>Parses one command-line name; returns false for an unknown name.</summary>
    public static bool TryParse(string name, out Estimator estimator)
    {
        foreach (var (candidate, candidateName) in Table)
        {
            if (string.Equals(candidateName, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                estimator = candidate;
                return true;
            }
        }

        estimator = default;
        return false;
    }

    /// <summary>Parses a comma-separated list such as <c>ips,snips,dr</c>; duplicates are dropped.</summary>
    /// <exception cref="FormatException">A name is not an estimator; the message lists the valid names.</exception>
    public static IReadOnlyList<Estimator> ParseList(string names)
    {
        var result = new List<Estimator>();
        foreach (var part in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var estimator))
            {
                throw new FormatException(
                    $"Unknown estimator '{part}'. Valid names: {string.Join(", ", Table.Select(t => t.Name))}.");
            }

            if (!result.Contains(estimator))
            {
                result.Add(estimator);
            }
        }

        if (result.Count == 0)
        {
            throw new FormatException("No estimator named.");
        }

        return result;
    }

    /// <summary>True where the estimator needs a reward model q̂.</summary>
    public static bool NeedsRewardModel(Estimator estimator) => estimator is Estimator.DirectMethod
        or Estimator.DoublyRobust or Estimator.SelfNormalizedDoublyRobust or Estimator.SwitchDoublyRobust
        or Estimator.DoublyRobustWithShrinkage;
}
