using BanditServe.Offline.Progress;
using MathNet.Numerics.Distributions;

namespace BanditServe.Offline.Estimation;

/// <summary>
/// The OPE estimators of ALGORITHMS.md section 4.3 with the standard errors, intervals and lower
/// bounds of section 4.4. Pure functions of their arguments: no I/O, deterministic given a seed.
/// </summary>
public static class OffPolicyEstimators
{
    /// <summary>Point estimate V̂ of one estimator.</summary>
    /// <exception cref="InvalidOperationException">The estimator needs a reward model and <paramref name="rounds"/> has none.</exception>
    public static double Value(Estimator estimator, OffPolicyRounds rounds, EstimatorOptions? options = null) =>
        Terms(estimator, rounds, options ?? new EstimatorOptions()).Value();

    /// <summary>
    /// OBP's per-round values ψ (<c>_estimate_round_rewards</c>); their mean is the point estimate.
    /// Ratio estimators are normalised with the full-sample mean of their denominator, as in OBP.
    /// </summary>
    public static double[] RoundValues(Estimator estimator, OffPolicyRounds rounds, EstimatorOptions? options = null) =>
        Terms(estimator, rounds, options ?? new EstimatorOptions()).RoundValues();

    /// <summary>Estimates several estimators on the same rows; the bootstrap of each uses the same seed.</summary>
    /// <param name="estimators">Which estimators, in report order.</param>
    /// <param name="rounds">The logged rows; at least two.</param>
    /// <param name="options">Hyper-parameters; defaults as API.md.</param>
    /// <param name="bootstrap">Bootstrap settings, or null (or 0 samples) for none.</param>
    /// <param name="progress">
    /// Receives the estimators done (<see cref="JobStages.Estimating"/>) and the resamples done over all
    /// estimators (<see cref="JobStages.Bootstrap"/>); may be null.
    /// </param>
    public static IReadOnlyList<EstimateResult> Estimate(
        IEnumerable<Estimator> estimators,
        OffPolicyRounds rounds,
        EstimatorOptions? options = null,
        BootstrapOptions? bootstrap = null,
        IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(estimators);
        var list = estimators.ToList();
        var resamplesTotal = bootstrap is { Samples: > 0 } ? (long)bootstrap.Samples * list.Count : 0;
        long resamplesDone = 0;
        Action<int>? resampled = resamplesTotal > 0 && progress is not null
            ? count =>
            {
                var done = Interlocked.Add(ref resamplesDone, count);
                progress.Report(new JobProgress(JobStages.Bootstrap, "resamples", done, resamplesTotal, Finished: done == resamplesTotal));
            }
            : null;
        progress.Start(JobStages.Estimating, "estimators", list.Count);
        if (resamplesTotal > 0)
        {
            progress.Start(JobStages.Bootstrap, "resamples", resamplesTotal);
        }

        var results = new EstimateResult[list.Count];
        for (var k = 0; k < list.Count; k++)
        {
            results[k] = Estimate(list[k], rounds, options, bootstrap, resampled);
            progress?.Report(new JobProgress(JobStages.Estimating, "estimators", k + 1, list.Count, Finished: k + 1 == list.Count));
        }

        return results;
    }

    /// <summary>Point estimate, standard error, normal interval, t lower bound and (optionally) bootstrap interval.</summary>
    /// <param name="estimator">Which estimator.</param>
    /// <param name="rounds">The logged rows; at least two.</param>
    /// <param name="options">Hyper-parameters; defaults as API.md.</param>
    /// <param name="bootstrap">Bootstrap settings, or null (or 0 samples) for none.</param>
    /// <exception cref="ArgumentException">Fewer than two rows.</exception>
    /// <exception cref="InvalidOperationException">The estimator needs a reward model and <paramref name="rounds"/> has none.</exception>
    public static EstimateResult Estimate(
        Estimator estimator,
        OffPolicyRounds rounds,
        EstimatorOptions? options = null,
        BootstrapOptions? bootstrap = null) => Estimate(estimator, rounds, options, bootstrap, null);

    private static EstimateResult Estimate(
        Estimator estimator,
        OffPolicyRounds rounds,
        EstimatorOptions? options,
        BootstrapOptions? bootstrap,
        Action<int>? resampled)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        options ??= new EstimatorOptions();
        options.Validate();
        var n = rounds.Count;
        if (n < 2)
        {
            throw new ArgumentException("Standard errors need at least two logged rows.", nameof(rounds));
        }

        var terms = Terms(estimator, rounds, options);
        var value = terms.Value();
        var roundValues = terms.RoundValues();
        var standardError = StandardError(estimator, terms, value);

        var z = Normal.InvCDF(0, 1, 1 - (options.Alpha / 2));
        var normal = new ConfidenceInterval(value - (z * standardError), value + (z * standardError));

        // OBP helper.py L204-234: sqrt(var0(ψ)/(n−1)) equals sd(ψ)/√n with ddof = 1.
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - options.LowerBoundDelta);
        var lowerBound = SampleStatistics.Mean(roundValues)
            - (t * SampleStatistics.StandardDeviation(roundValues) / Math.Sqrt(n));

        ConfidenceInterval? bootstrapInterval = null;
        double? bootstrapMean = null;
        if (bootstrap is { Samples: > 0 })
        {
            var (interval, mean) = PercentileBootstrap.Run(terms, roundValues, bootstrap, options.Alpha, resampled);
            bootstrapInterval = interval;
            bootstrapMean = mean;
        }

        return new EstimateResult(estimator, value, standardError, normal, lowerBound, bootstrapInterval, bootstrapMean);
    }

    private static double StandardError(Estimator estimator, EstimatorTerms terms, double value)
    {
        var n = terms.Additive.Length;
        switch (estimator)
        {
            case Estimator.SelfNormalizedIps or Estimator.Replay:
            {
                // Delta method for a ratio (4.4): sqrt(Σ w²(r − V)²) / Σ w.
                var numerator = terms.Numerator!;
                var denominator = terms.Denominator!;
                var denominatorSum = SampleStatistics.Sum(denominator);
                if (denominatorSum <= 0)
                {
                    return 0.0;
                }

                var squares = new double[n];
                for (var i = 0; i < n; i++)
                {
                    var residual = numerator[i] - (value * denominator[i]);
                    squares[i] = residual * residual;
                }

                return Math.Sqrt(SampleStatistics.Sum(squares)) / denominatorSum;
            }

            case Estimator.SelfNormalizedDoublyRobust:
            {
                // Delta method (4.4): φ = (q̂π − mean q̂π) + (w/w̄)(e − C), SE = sd(φ)/√n.
                var numerator = terms.Numerator!;
                var denominator = terms.Denominator!;
                var meanDenominator = SampleStatistics.Mean(denominator);
                var ratio = EstimatorTerms.Ratio(SampleStatistics.Sum(numerator), SampleStatistics.Sum(denominator));
                var meanAdditive = SampleStatistics.Mean(terms.Additive);
                var influence = new double[n];
                for (var i = 0; i < n; i++)
                {
                    var correction = meanDenominator > 0
                        ? (numerator[i] - (ratio * denominator[i])) / meanDenominator
                        : 0.0;
                    influence[i] = terms.Additive[i] - meanAdditive + correction;
                }

                return SampleStatistics.StandardDeviation(influence) / Math.Sqrt(n);
            }

            default:
                return SampleStatistics.StandardDeviation(terms.Additive) / Math.Sqrt(n);
        }
    }

    internal static EstimatorTerms Terms(Estimator estimator, OffPolicyRounds rounds, EstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (EstimatorNames.NeedsRewardModel(estimator) && !rounds.HasRewardModel)
        {
            throw new InvalidOperationException(
                $"Estimator '{EstimatorNames.NameOf(estimator)}' needs a reward model (q̂); none was given.");
        }

        var n = rounds.Count;
        var w = rounds.Weights;
        var r = rounds.Rewards;
        var additive = new double[n];
        switch (estimator)
        {
            case Estimator.Ips:
                for (var i = 0; i < n; i++)
                {
                    additive[i] = w[i] * r[i];
                }

                return new EstimatorTerms(additive, null, null);

            case Estimator.ClippedIps:
                for (var i = 0; i < n; i++)
                {
                    additive[i] = Math.Min(w[i], options.ClipThreshold) * r[i];
                }

                return new EstimatorTerms(additive, null, null);

            case Estimator.SelfNormalizedIps:
            {
                var numerator = new double[n];
                for (var i = 0; i < n; i++)
                {
                    numerator[i] = w[i] * r[i];
                }

                return new EstimatorTerms(additive, numerator, w.ToArray());
            }

            case Estimator.Replay:
            {
                // Deterministic π_e: a row matches where the policy plays the logged action with certainty.
                var target = rounds.TargetProbabilities;
                var match = new double[n];
                var numerator = new double[n];
                for (var i = 0; i < n; i++)
                {
                    match[i] = target[i] >= 1 - 1e-12 ? 1.0 : 0.0;
                    numerator[i] = match[i] * r[i];
                }

                return new EstimatorTerms(additive, numerator, match);
            }

            case Estimator.DirectMethod:
                rounds.RewardModelUnderTarget.CopyTo(additive);
                return new EstimatorTerms(additive, null, null);

            case Estimator.DoublyRobust:
                return DoublyRobustTerms(rounds, static (weight, _) => weight, options);

            case Estimator.SwitchDoublyRobust:
                // OBP L1465/L1474: the indicator is inclusive, w ≤ λ.
                return DoublyRobustTerms(rounds, static (weight, o) => weight <= o.ClipThreshold ? weight : 0.0, options);

            case Estimator.DoublyRobustWithShrinkage:
                // OBP L1671/L1683: ŵ = λw/(w² + λ); λ = 0 gives DM, λ = ∞ gives DR.
                return DoublyRobustTerms(rounds, ShrunkWeight, options);

            case Estimator.SelfNormalizedDoublyRobust:
            {
                var qTarget = rounds.RewardModelUnderTarget;
                var qLogged = rounds.RewardModelOfLoggedAction;
                var numerator = new double[n];
                for (var i = 0; i < n; i++)
                {
                    additive[i] = qTarget[i];
                    numerator[i] = w[i] * (r[i] - qLogged[i]);
                }

                return new EstimatorTerms(additive, numerator, w.ToArray());
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(estimator), estimator, "Unknown estimator.");
        }
    }

    private static double ShrunkWeight(double weight, EstimatorOptions options)
    {
        var lambda = options.ShrinkageLambda;
        if (double.IsPositiveInfinity(lambda))
        {
            return weight;
        }

        return lambda == 0 ? 0.0 : lambda * weight / ((weight * weight) + lambda);
    }

    private static EstimatorTerms DoublyRobustTerms(
        OffPolicyRounds rounds,
        Func<double, EstimatorOptions, double> correctionWeight,
        EstimatorOptions options)
    {
        var n = rounds.Count;
        var w = rounds.Weights;
        var r = rounds.Rewards;
        var qTarget = rounds.RewardModelUnderTarget;
        var qLogged = rounds.RewardModelOfLoggedAction;
        var additive = new double[n];
        for (var i = 0; i < n; i++)
        {
            additive[i] = qTarget[i] + (correctionWeight(w[i], options) * (r[i] - qLogged[i]));
        }

        return new EstimatorTerms(additive, null, null);
    }
}
