using MathNet.Numerics.Distributions;

namespace BanditServe.Offline.Estimation;

/// <summary>
/// One-pass, mergeable form of IPS, clipped IPS, SNIPS, DM and DR with their standard errors,
/// normal intervals and Student-t lower bounds, for logs too large to hold as the per-row arrays
/// of <see cref="OffPolicyRounds"/>. It keeps a few running moments, never a row; results equal
/// <see cref="OffPolicyEstimators.Estimate(Estimator, OffPolicyRounds, EstimatorOptions?, BootstrapOptions?)"/>
/// without bootstrap up to rounding.
/// </summary>
/// <remarks>
/// Feed chunks to separate accumulators on separate threads and <see cref="Merge"/> them in a fixed
/// order for a result that does not depend on the number of threads. The bootstrap needs the rows and
/// is not offered here.
/// </remarks>
public sealed class OffPolicyAccumulator
{
    private readonly EstimatorOptions options;

    // a = w·r (IPS, SNIPS numerator) with b = w (SNIPS denominator); the other estimators use only a.
    private RunningMoments importanceWeighted;
    private RunningMoments clippedImportanceWeighted;
    private RunningMoments directMethod;
    private RunningMoments doublyRobust;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="options">Clip threshold and interval levels; defaults as API.md.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OffPolicyAccumulator(EstimatorOptions? options = null)
    {
        this.options = options ?? new EstimatorOptions();
        this.options.Validate();
    }

    /// <summary>The estimators <see cref="Estimate"/> can compute.</summary>
    public static IReadOnlyList<Estimator> Supported { get; } =
        [Estimator.Ips, Estimator.ClippedIps, Estimator.SelfNormalizedIps, Estimator.DirectMethod, Estimator.DoublyRobust];

    /// <summary>Rows added so far (merged ones included).</summary>
    public long Count => importanceWeighted.Count;

    /// <summary>Adds one logged row.</summary>
    /// <param name="reward">Observed reward; finite.</param>
    /// <param name="loggingPropensity">π_b(a|x) of the logged action; in (0, 1].</param>
    /// <param name="targetProbability">π_e(a|x) of the logged action; in [0, 1].</param>
    /// <param name="rewardModelOfLoggedAction">q̂(x, a); finite.</param>
    /// <param name="rewardModelUnderTarget">q̂(x, π_e) = Σ_a π_e(a|x)·q̂(x, a); finite.</param>
    /// <exception cref="ArgumentException">A value is out of range; nothing is added.</exception>
    public void Add(double reward, double loggingPropensity, double targetProbability, double rewardModelOfLoggedAction, double rewardModelUnderTarget)
    {
        if (!double.IsFinite(reward))
        {
            throw new ArgumentException($"Reward of row {Count} is not finite.", nameof(reward));
        }

        if (!(loggingPropensity > 0 && loggingPropensity <= 1))
        {
            throw new ArgumentException($"Logging propensity of row {Count} is {loggingPropensity}; it must be in (0, 1].", nameof(loggingPropensity));
        }

        if (!(targetProbability >= 0 && targetProbability <= 1 + 1e-9))
        {
            throw new ArgumentException($"Target probability of row {Count} is {targetProbability}; it must be in [0, 1].", nameof(targetProbability));
        }

        if (!(double.IsFinite(rewardModelOfLoggedAction) && double.IsFinite(rewardModelUnderTarget)))
        {
            throw new ArgumentException($"Reward model of row {Count} is not finite.", nameof(rewardModelOfLoggedAction));
        }

        var weight = targetProbability / loggingPropensity;
        importanceWeighted.Add(weight * reward, weight);
        clippedImportanceWeighted.Add(Math.Min(weight, options.ClipThreshold) * reward, 0.0);
        directMethod.Add(rewardModelUnderTarget, 0.0);
        doublyRobust.Add(rewardModelUnderTarget + (weight * (reward - rewardModelOfLoggedAction)), 0.0);
    }

    /// <summary>Adds a chunk of rows given as aligned spans (see <see cref="Add(double, double, double, double, double)"/>).</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a value is out of range (rows before it stay added).</exception>
    public void Add(
        ReadOnlySpan<double> rewards,
        ReadOnlySpan<double> loggingPropensities,
        ReadOnlySpan<double> targetProbabilities,
        ReadOnlySpan<double> rewardModelOfLoggedAction,
        ReadOnlySpan<double> rewardModelUnderTarget)
    {
        var n = rewards.Length;
        if (loggingPropensities.Length != n || targetProbabilities.Length != n
            || rewardModelOfLoggedAction.Length != n || rewardModelUnderTarget.Length != n)
        {
            throw new ArgumentException("Every span must have one entry per row.", nameof(loggingPropensities));
        }

        for (var i = 0; i < n; i++)
        {
            Add(rewards[i], loggingPropensities[i], targetProbabilities[i], rewardModelOfLoggedAction[i], rewardModelUnderTarget[i]);
        }
    }

    /// <summary>Adds the rows of <paramref name="other"/> (same options expected); <paramref name="other"/> is unchanged.</summary>
    public void Merge(OffPolicyAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        importanceWeighted.Merge(other.importanceWeighted);
        clippedImportanceWeighted.Merge(other.clippedImportanceWeighted);
        directMethod.Merge(other.directMethod);
        doublyRobust.Merge(other.doublyRobust);
    }

    /// <summary>Point estimate, standard error, normal interval and Student-t lower bound (no bootstrap).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The estimator is not in <see cref="Supported"/>.</exception>
    /// <exception cref="InvalidOperationException">Fewer than two rows were added.</exception>
    public EstimateResult Estimate(Estimator estimator)
    {
        var n = Count;
        if (n < 2)
        {
            throw new InvalidOperationException("Standard errors need at least two logged rows.");
        }

        double value, standardError, roundValuesMean, roundValuesDeviation;
        switch (estimator)
        {
            case Estimator.SelfNormalizedIps:
            {
                // Σa/Σb with the delta-method SE sqrt(Σ(a − V·b)²)/Σb; since V = ā/b̄ the centred form
                // Σ(a − V·b)² = Saa − 2V·Sab + V²·Sbb is exact, with no mean term left over.
                var m = importanceWeighted;
                value = EstimatorTerms.Ratio(m.MeanA, m.MeanB);
                var squares = m.SquaresA - (2 * value * m.CrossAB) + (value * value * m.SquaresB);
                standardError = m.MeanB > 0 ? Math.Sqrt(Math.Max(0.0, squares)) / (m.MeanB * n) : 0.0;

                // OBP's ψ = a / mean(b): its mean is V and its deviation sd(a)/mean(b).
                roundValuesMean = value;
                roundValuesDeviation = m.MeanB > 0 ? m.StandardDeviationA / m.MeanB : 0.0;
                break;
            }

            case Estimator.Ips or Estimator.ClippedIps or Estimator.DirectMethod or Estimator.DoublyRobust:
            {
                var m = estimator switch
                {
                    Estimator.Ips => importanceWeighted,
                    Estimator.ClippedIps => clippedImportanceWeighted,
                    Estimator.DirectMethod => directMethod,
                    _ => doublyRobust,
                };
                value = m.MeanA;
                roundValuesMean = m.MeanA;
                roundValuesDeviation = m.StandardDeviationA;
                standardError = roundValuesDeviation / Math.Sqrt(n);
                break;
            }

            default:
                throw new ArgumentOutOfRangeException(
                    nameof(estimator), estimator, $"The one-pass accumulator does not compute '{EstimatorNames.NameOf(estimator)}'.");
        }

        var z = Normal.InvCDF(0, 1, 1 - (options.Alpha / 2));
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - options.LowerBoundDelta);
        return new EstimateResult(
            estimator,
            value,
            standardError,
            new ConfidenceInterval(value - (z * standardError), value + (z * standardError)),
            roundValuesMean - (t * roundValuesDeviation / Math.Sqrt(n)),
            null,
            null);
    }
}
