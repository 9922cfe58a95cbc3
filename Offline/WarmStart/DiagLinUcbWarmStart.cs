using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;

namespace BanditServe.Offline.WarmStart;

/// <summary>
/// Fits Diag-LinUCB statistics from logged feedback (ALGORITHMS.md 5.3, offline stage, per edge):
/// weights, forgetting in log order, then trust γ and the pseudo-observation cap per (item, coordinate).
/// Pure: arrays in, arrays out.
/// </summary>
public static class DiagLinUcbWarmStart
{
    /// <summary>Fits the statistics of every logged item on the rows selected by <paramref name="includeRow"/>.</summary>
    /// <param name="logs">Logged feedback with at least one context column (the features).</param>
    /// <param name="options">Weighting, trust, cap and forgetting.</param>
    /// <param name="targetProbabilities">
    /// π_t(a_i|x_i) per row for <see cref="WarmStartWeighting.ImportanceWeighted"/>; null means uniform over the logged items.
    /// </param>
    /// <param name="includeRow">Rows to learn from (e.g. the training folds); null for all.</param>
    /// <param name="progress">Receives the items fitted (stage <see cref="JobStages.WarmStartFit"/>); may be null.</param>
    /// <exception cref="ArgumentException">The logs have no context columns.</exception>
    public static WarmStartStatistics Fit(
        LoggedFeedback logs,
        WarmStartOptions? options = null,
        IReadOnlyList<double>? targetProbabilities = null,
        Func<int, bool>? includeRow = null,
        IProgress<JobProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        options ??= new WarmStartOptions();
        options.Validate();
        var d = logs.ContextDimension;
        if (d == 0)
        {
            throw new ArgumentException("Warm start needs context columns x0, x1, … as features.", nameof(logs));
        }

        var items = new List<string>();
        var itemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowsOfItem = new List<List<int>>();
        for (var i = 0; i < logs.Count; i++)
        {
            if (!itemIndex.TryGetValue(logs.Actions[i], out var j))
            {
                j = items.Count;
                itemIndex.Add(logs.Actions[i], j);
                items.Add(logs.Actions[i]);
                rowsOfItem.Add([]);
            }

            if (includeRow is null || includeRow(i))
            {
                rowsOfItem[j].Add(i);
            }
        }

        var uniform = 1.0 / items.Count;
        var sumSquares = new double[items.Count * d];
        var sumRewards = new double[items.Count * d];
        var edgeWeight = new double[d];
        var ess = new double[items.Count];
        var rowCounts = new long[items.Count];
        var rewardSums = new double[items.Count];
        progress.Start(JobStages.WarmStartFit, "items", items.Count);
        for (var j = 0; j < items.Count; j++)
        {
            var rows = rowsOfItem[j];
            var weights = RowWeights(logs, rows, options, targetProbabilities, uniform);
            ess[j] = Estimation.WeightDiagnostics.KishEffectiveSampleSize(weights);
            rowCounts[j] = rows.Count;
            var squares = sumSquares.AsSpan(j * d, d);
            var rewards = sumRewards.AsSpan(j * d, d);
            Array.Clear(edgeWeight);
            for (var k = 0; k < rows.Count; k++)
            {
                var row = rows[k];
                var r = logs.Rewards[row];
                rewardSums[j] += r;
                if (options.Forgetting < 1)
                {
                    // Same order of operations as a live surface: decay the item's excess, then add (2.5).
                    for (var c = 0; c < d; c++)
                    {
                        squares[c] *= options.Forgetting;
                        rewards[c] *= options.Forgetting;
                        edgeWeight[c] *= options.Forgetting;
                    }
                }

                var x = logs.Context(row);
                var weight = weights[k];
                for (var c = 0; c < d; c++)
                {
                    if (x[c] == 0)
                    {
                        continue;
                    }

                    squares[c] += weight * x[c] * x[c];
                    rewards[c] += weight * x[c] * r;
                    edgeWeight[c] += weight;
                }
            }

            for (var c = 0; c < d; c++)
            {
                // 5.3 step 3, per edge: scale = γ · min(1, n_cap / n_off).
                var scale = options.Trust * (edgeWeight[c] > options.PseudoObservationCap ? options.PseudoObservationCap / edgeWeight[c] : 1.0);
                squares[c] *= scale;
                rewards[c] *= scale;
            }

            progress?.Report(new JobProgress(JobStages.WarmStartFit, "items", j + 1, items.Count, Finished: j + 1 == items.Count));
        }

        return new WarmStartStatistics(items, d, options.Ridge, sumSquares, sumRewards, ess, rowCounts, rewardSums);
    }

    /// <summary>
    /// Importance weights <c>min(π_t/p, c_max)</c> rescaled by <c>Σc/Σc²</c> so that their sum equals
    /// their Kish ESS (5.3 step 1).
    /// </summary>
    public static double[] RescaledImportanceWeights(IReadOnlyList<double> rawWeights, double maxWeight)
    {
        ArgumentNullException.ThrowIfNull(rawWeights);
        var weights = rawWeights.Select(w => Math.Min(w, maxWeight)).ToArray();
        double sum = 0, squares = 0;
        foreach (var w in weights)
        {
            sum += w;
            squares += w * w;
        }

        if (squares > 0)
        {
            var factor = sum / squares;
            for (var k = 0; k < weights.Length; k++)
            {
                weights[k] *= factor;
            }
        }

        return weights;
    }

    private static double[] RowWeights(
        LoggedFeedback logs,
        List<int> rows,
        WarmStartOptions options,
        IReadOnlyList<double>? targetProbabilities,
        double uniform)
    {
        if (options.Weighting == WarmStartWeighting.Plain)
        {
            return [.. Enumerable.Repeat(1.0, rows.Count)];
        }

        var raw = rows.Select(row => (targetProbabilities?[row] ?? uniform) / logs.Propensities[row]).ToArray();
        return RescaledImportanceWeights(raw, options.MaxImportanceWeight);
    }
}
