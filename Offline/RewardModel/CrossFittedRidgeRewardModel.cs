using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;
using MathNet.Numerics.LinearAlgebra;

namespace BanditServe.Offline.RewardModel;

/// <summary>
/// Reward model q̂(x, a) for DM and the DR family: a ridge regression per action on the features
/// <c>φ = [1, x0…x(d−1), one-hot(position)]</c>, cross-fitted over K folds of rounds so that no row is
/// scored by a model trained on it (OBP <c>regression_model.py</c> L304–330; ALGORITHMS.md 4.4).
/// </summary>
/// <remarks>
/// Each fold's model regresses <c>r − m</c>, where m is the training folds' mean reward over all
/// actions, so an action without training rows predicts m rather than 0. Rows of one round share a
/// fold because they share a context. Statistics are float64 sums per (fold, action); a fold's model
/// uses the totals minus its own fold, so fitting costs O(n·p² + K·A·p³).
/// </remarks>
public sealed class CrossFittedRidgeRewardModel
{
    private readonly LoggedFeedback logs;
    private readonly Dictionary<string, int> actionIndex;
    private readonly Dictionary<int, int> positionIndex;
    private readonly int[] rowFold;
    private readonly double[][][] coefficients; // [fold][action] → θ, or null where the action has no training rows
    private readonly double[] foldMean;
    private readonly int featureCount;

    private CrossFittedRidgeRewardModel(
        LoggedFeedback logs,
        Dictionary<string, int> actionIndex,
        Dictionary<int, int> positionIndex,
        int[] rowFold,
        double[][][] coefficients,
        double[] foldMean,
        int featureCount)
    {
        this.logs = logs;
        this.actionIndex = actionIndex;
        this.positionIndex = positionIndex;
        this.rowFold = rowFold;
        this.coefficients = coefficients;
        this.foldMean = foldMean;
        this.featureCount = featureCount;
    }

    /// <summary>Number of folds actually used (at most the number of distinct rounds).</summary>
    public int Folds => foldMean.Length;

    /// <summary>The fold of row <paramref name="row"/>; its predictions come from the other folds only.</summary>
    public int FoldOf(int row) => rowFold[row];

    /// <summary>Fits the per-fold, per-action ridge models, reporting each fold to <paramref name="progress"/> (may be null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Folds &lt; 1 or ridge ≤ 0.</exception>
    public static CrossFittedRidgeRewardModel Fit(LoggedFeedback logs, RidgeRewardModelOptions? options = null, IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        options ??= new RidgeRewardModelOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Folds, 1, nameof(options.Folds));
        if (!(options.Ridge > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Ridge, "Ridge must be > 0.");
        }

        var n = logs.Count;
        var actionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var action in logs.Actions)
        {
            actionIndex.TryAdd(action, actionIndex.Count);
        }

        var positions = logs.Positions.Distinct().Order().ToArray();
        var positionIndex = positions.Select((p, i) => (p, i)).ToDictionary(t => t.p, t => t.i);
        var d = logs.ContextDimension;
        var p = 1 + d + Math.Max(0, positions.Length - 1);
        var rowFold = RoundFolds.Assign(logs, options.Folds, options.Seed, out var folds);

        var actions = actionIndex.Count;
        var gram = new double[folds, actions][];
        var moment = new double[folds, actions][];
        var featureSum = new double[folds, actions][];
        var foldCount = new double[folds];
        var foldRewardSum = new double[folds];
        var phi = new double[p];
        for (var i = 0; i < n; i++)
        {
            var fold = rowFold[i];
            var a = actionIndex[logs.Actions[i]];
            var g = gram[fold, a] ??= new double[p * p];
            var m = moment[fold, a] ??= new double[p];
            var s = featureSum[fold, a] ??= new double[p];
            Features(logs, positionIndex, i, phi);
            var r = logs.Rewards[i];
            for (var j = 0; j < p; j++)
            {
                var pj = phi[j];
                if (pj == 0)
                {
                    continue;
                }

                m[j] += pj * r;
                s[j] += pj;
                var rowOffset = j * p;
                for (var k = 0; k < p; k++)
                {
                    g[rowOffset + k] += pj * phi[k];
                }
            }

            foldCount[fold]++;
            foldRewardSum[fold] += r;
        }

        var totalCount = foldCount.Sum();
        var totalRewardSum = foldRewardSum.Sum();
        var foldMean = new double[folds];
        var coefficients = new double[folds][][];
        progress.Start(JobStages.FittingRewardModel, "folds", folds);
        for (var fold = 0; fold < folds; fold++)
        {
            var trainCount = folds == 1 ? totalCount : totalCount - foldCount[fold];
            var trainMean = trainCount > 0
                ? (folds == 1 ? totalRewardSum : totalRewardSum - foldRewardSum[fold]) / trainCount
                : 0.0;
            foldMean[fold] = trainMean;
            coefficients[fold] = new double[actions][];
            for (var a = 0; a < actions; a++)
            {
                var matrix = new double[p * p];
                var vector = new double[p];
                var hasRows = false;
                for (var other = 0; other < folds; other++)
                {
                    if ((other == fold && folds > 1) || gram[other, a] is not { } g)
                    {
                        continue;
                    }

                    hasRows = true;
                    for (var k = 0; k < p * p; k++)
                    {
                        matrix[k] += g[k];
                    }

                    for (var k = 0; k < p; k++)
                    {
                        vector[k] += moment[other, a][k] - (trainMean * featureSum[other, a][k]);
                    }
                }

                if (!hasRows)
                {
                    continue;
                }

                for (var k = 0; k < p; k++)
                {
                    matrix[(k * p) + k] += options.Ridge;
                }

                coefficients[fold][a] = Matrix<double>.Build.DenseOfColumnMajor(p, p, matrix)
                    .Cholesky()
                    .Solve(Vector<double>.Build.DenseOfArray(vector))
                    .ToArray();
            }

            progress?.Report(new JobProgress(JobStages.FittingRewardModel, "folds", fold + 1, folds, Finished: fold + 1 == folds));
        }

        return new CrossFittedRidgeRewardModel(logs, actionIndex, positionIndex, rowFold, coefficients, foldMean, p);
    }

    /// <summary>
    /// q̂ of <paramref name="action"/> in the context and position of logged row <paramref name="row"/>,
    /// from the model that did not see that row's fold.
    /// </summary>
    public double Predict(int row, string action)
    {
        var fold = rowFold[row];
        var prediction = foldMean[fold];
        if (!actionIndex.TryGetValue(action, out var a) || coefficients[fold][a] is not { } theta)
        {
            return prediction;
        }

        Span<double> phi = featureCount <= 256 ? stackalloc double[featureCount] : new double[featureCount];
        Features(logs, positionIndex, row, phi);
        for (var k = 0; k < featureCount; k++)
        {
            prediction += theta[k] * phi[k];
        }

        return prediction;
    }

    private static void Features(LoggedFeedback logs, Dictionary<int, int> positionIndex, int row, Span<double> phi)
    {
        phi.Clear();
        phi[0] = 1.0;
        var context = logs.Context(row);
        context.CopyTo(phi[1..]);
        var position = positionIndex[logs.Positions[row]];
        if (position > 0)
        {
            phi[context.Length + position] = 1.0;
        }
    }
}
