namespace BanditServe.Offline.Logs;

/// <summary>
/// Logged bandit feedback, one row per (round, position): the action shown, its reward, the logging
/// policy's propensity and an optional dense context (API.md "Offline jobs", columns <c>x0,x1,…</c>).
/// </summary>
public sealed class LoggedFeedback
{
    private readonly double[] contexts;

    /// <summary>Keeps the row arrays (not copied); all must have one entry per row.</summary>
    /// <param name="rounds">Round identifier of each row.</param>
    /// <param name="positions">Position of each row, ≥ 0.</param>
    /// <param name="actions">Logged action (item id) of each row.</param>
    /// <param name="rewards">Observed reward of each row.</param>
    /// <param name="propensities">Logging propensity of the logged action at its position.</param>
    /// <param name="contexts">Row-major contexts, <c>rows × contextDimension</c> values.</param>
    /// <param name="contextDimension">Number of context columns; 0 for none.</param>
    /// <param name="sourceLines">Line of each row in its source file, for error messages; null when not from a file.</param>
    /// <exception cref="ArgumentException">Lengths disagree.</exception>
    public LoggedFeedback(
        string[] rounds,
        int[] positions,
        string[] actions,
        double[] rewards,
        double[] propensities,
        double[] contexts,
        int contextDimension,
        long[]? sourceLines = null)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(propensities);
        ArgumentNullException.ThrowIfNull(contexts);
        var n = rounds.Length;
        if (positions.Length != n || actions.Length != n || rewards.Length != n || propensities.Length != n
            || contexts.Length != (long)n * contextDimension || (sourceLines is not null && sourceLines.Length != n))
        {
            throw new ArgumentException("Every column must have one entry per row (contexts: rows × dimension).");
        }

        Rounds = rounds;
        Positions = positions;
        Actions = actions;
        Rewards = rewards;
        Propensities = propensities;
        this.contexts = contexts;
        ContextDimension = contextDimension;
        SourceLines = sourceLines;
    }

    /// <summary>Number of rows.</summary>
    public int Count => Rewards.Length;

    /// <summary>Round identifier of each row.</summary>
    public IReadOnlyList<string> Rounds { get; }

    /// <summary>Position of each row.</summary>
    public IReadOnlyList<int> Positions { get; }

    /// <summary>Logged action of each row.</summary>
    public IReadOnlyList<string> Actions { get; }

    /// <summary>Observed reward of each row.</summary>
    public double[] Rewards { get; }

    /// <summary>Logging propensity of each row.</summary>
    public double[] Propensities { get; }

    /// <summary>Number of context columns.</summary>
    public int ContextDimension { get; }

    /// <summary>Source line of each row, or null.</summary>
    public IReadOnlyList<long>? SourceLines { get; }

    /// <summary>The context of row <paramref name="row"/> (empty without context columns).</summary>
    public ReadOnlySpan<double> Context(int row) => contexts.AsSpan(row * ContextDimension, ContextDimension);

    /// <summary>The (round, position) key of row <paramref name="row"/>.</summary>
    public RoundPosition Key(int row) => new(Rounds[row], Positions[row]);

    /// <summary>Describes where row <paramref name="row"/> came from, for error messages.</summary>
    public string Describe(int row) => SourceLines is null ? $"row {row}" : $"line {SourceLines[row]}";
}
