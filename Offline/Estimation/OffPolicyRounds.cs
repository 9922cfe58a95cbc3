namespace BanditServe.Offline.Estimation;

/// <summary>
/// The per-row inputs every estimator of ALGORITHMS.md section 4.3 needs. A row is one logged
/// (round, position) pair, so slates are evaluated position-wise as OBP does.
/// </summary>
/// <remarks>
/// Only five numbers per row matter: the reward <c>r</c>, the logging propensity <c>p</c> of the
/// logged action, the evaluation policy's probability <c>π_e(a|x)</c> of that same action, and, for
/// DM/DR, the reward model's prediction for the logged action <c>q̂(x, a)</c> and its expectation under
/// the evaluation policy <c>q̂(x, π_e) = Σ_a π_e(a|x)·q̂(x, a)</c>. Everything is float64 (section 0.4).
/// </remarks>
public sealed class OffPolicyRounds
{
    private readonly double[] rewards;
    private readonly double[] loggingPropensities;
    private readonly double[] targetProbabilities;
    private readonly double[] weights;
    private readonly double[]? rewardModelOfLoggedAction;
    private readonly double[]? rewardModelUnderTarget;

    /// <summary>Checks and keeps the per-row arrays (not copied).</summary>
    /// <param name="rewards">Observed reward of each row; finite.</param>
    /// <param name="loggingPropensities">Logging policy's probability of the logged action; in (0, 1].</param>
    /// <param name="targetProbabilities">Evaluation policy's probability of the logged action; in [0, 1].</param>
    /// <param name="rewardModelOfLoggedAction">q̂(x, a) of the logged action, or null without a reward model.</param>
    /// <param name="rewardModelUnderTarget">q̂(x, π_e), or null without a reward model.</param>
    /// <exception cref="ArgumentException">Lengths differ, there are no rows, or a value is out of range.</exception>
    public OffPolicyRounds(
        double[] rewards,
        double[] loggingPropensities,
        double[] targetProbabilities,
        double[]? rewardModelOfLoggedAction = null,
        double[]? rewardModelUnderTarget = null)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(loggingPropensities);
        ArgumentNullException.ThrowIfNull(targetProbabilities);
        var n = rewards.Length;
        if (n == 0)
        {
            throw new ArgumentException("At least one logged row is needed.", nameof(rewards));
        }

        RequireLength(loggingPropensities, n, nameof(loggingPropensities));
        RequireLength(targetProbabilities, n, nameof(targetProbabilities));
        if ((rewardModelOfLoggedAction is null) != (rewardModelUnderTarget is null))
        {
            throw new ArgumentException("Give both reward-model arrays or neither.", nameof(rewardModelUnderTarget));
        }

        if (rewardModelOfLoggedAction is not null)
        {
            RequireLength(rewardModelOfLoggedAction, n, nameof(rewardModelOfLoggedAction));
            RequireLength(rewardModelUnderTarget!, n, nameof(rewardModelUnderTarget));
        }

        weights = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(rewards[i]))
            {
                throw new ArgumentException($"Reward of row {i} is not finite.", nameof(rewards));
            }

            var p = loggingPropensities[i];
            if (!(p > 0 && p <= 1))
            {
                throw new ArgumentException($"Logging propensity of row {i} is {p}; it must be in (0, 1].", nameof(loggingPropensities));
            }

            var target = targetProbabilities[i];
            if (!(target >= 0 && target <= 1 + 1e-9))
            {
                throw new ArgumentException($"Target probability of row {i} is {target}; it must be in [0, 1].", nameof(targetProbabilities));
            }

            if (rewardModelOfLoggedAction is not null
                && !(double.IsFinite(rewardModelOfLoggedAction[i]) && double.IsFinite(rewardModelUnderTarget![i])))
            {
                throw new ArgumentException($"Reward model of row {i} is not finite.", nameof(rewardModelOfLoggedAction));
            }

            weights[i] = target / p;
        }

        this.rewards = rewards;
        this.loggingPropensities = loggingPropensities;
        this.targetProbabilities = targetProbabilities;
        this.rewardModelOfLoggedAction = rewardModelOfLoggedAction;
        this.rewardModelUnderTarget = rewardModelUnderTarget;
    }

    /// <summary>Number of logged rows n.</summary>
    public int Count => rewards.Length;

    /// <summary>True where q̂ was given, so DM and the DR family can be computed.</summary>
    public bool HasRewardModel => rewardModelOfLoggedAction is not null;

    /// <summary>Observed rewards r.</summary>
    public ReadOnlySpan<double> Rewards => rewards;

    /// <summary>Logging propensities p = π_b(a|x).</summary>
    public ReadOnlySpan<double> LoggingPropensities => loggingPropensities;

    /// <summary>Evaluation policy's probabilities π_e(a|x) of the logged actions.</summary>
    public ReadOnlySpan<double> TargetProbabilities => targetProbabilities;

    /// <summary>Importance weights w = π_e(a|x) / π_b(a|x).</summary>
    public ReadOnlySpan<double> Weights => weights;

    /// <summary>q̂(x, a) of the logged action; empty without a reward model.</summary>
    public ReadOnlySpan<double> RewardModelOfLoggedAction => rewardModelOfLoggedAction;

    /// <summary>q̂(x, π_e); empty without a reward model.</summary>
    public ReadOnlySpan<double> RewardModelUnderTarget => rewardModelUnderTarget;

    private static void RequireLength(double[] values, int n, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != n)
        {
            throw new ArgumentException($"{name} has {values.Length} rows; rewards has {n}.", name);
        }
    }
}
