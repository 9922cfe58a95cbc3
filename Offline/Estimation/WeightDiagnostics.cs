namespace BanditServe.Offline.Estimation;

/// <summary>
/// Importance-weight diagnostics of ALGORITHMS.md 4.4: Kish effective sample size, weight range,
/// match rate, clipped mass and the <c>E[w] = 1</c> support check.
/// </summary>
/// <param name="Count">Number of rows n.</param>
/// <param name="EffectiveSampleSize">Kish ESS <c>(Σw)²/Σw²</c> of the unclipped weights.</param>
/// <param name="ClippedEffectiveSampleSize">Kish ESS of the weights capped at the clip threshold.</param>
/// <param name="MeanWeight">Mean weight w̄; 1 in expectation under correct propensities and full support.</param>
/// <param name="MeanWeightStandardError">sd(w)/√n.</param>
/// <param name="MaxWeight">Largest weight.</param>
/// <param name="ZeroWeightFraction">Share of rows with w = 0 (one minus the match rate of a deterministic π_e).</param>
/// <param name="ClippedRowFraction">Share of rows whose weight exceeds the clip threshold.</param>
/// <param name="ClippedMassShare">Share of the total weight removed by clipping: <c>Σ max(w − C, 0) / Σ w</c>.</param>
public sealed record WeightDiagnostics(
    int Count,
    double EffectiveSampleSize,
    double ClippedEffectiveSampleSize,
    double MeanWeight,
    double MeanWeightStandardError,
    double MaxWeight,
    double ZeroWeightFraction,
    double ClippedRowFraction,
    double ClippedMassShare)
{
    /// <summary>ESS / n.</summary>
    public double EffectiveSampleFraction => EffectiveSampleSize / Count;

    /// <summary>
    /// False flags a logging or support problem: <c>|w̄ − 1| &gt; 3·sd(w)/√n</c> (4.4). A constant weight
    /// (sd = 0) passes only when it is 1.
    /// </summary>
    public bool MeanWeightConsistent => Math.Abs(MeanWeight - 1) <= Math.Max(3 * MeanWeightStandardError, 1e-12);

    /// <summary>True where the estimate should be flagged: ESS &lt; max(100, 0.01·n) [OURS].</summary>
    public bool Unreliable => EffectiveSampleSize < Math.Max(100, 0.01 * Count);

    /// <summary>Kish effective sample size <c>(Σw)²/Σw²</c>; 0 where every weight is 0.</summary>
    public static double KishEffectiveSampleSize(ReadOnlySpan<double> weights)
    {
        double sum = 0, squares = 0;
        foreach (var w in weights)
        {
            sum += w;
            squares += w * w;
        }

        return squares > 0 ? sum * sum / squares : 0.0;
    }

    /// <summary>Computes the diagnostics of <paramref name="weights"/> for clip threshold <paramref name="clipThreshold"/>.</summary>
    /// <exception cref="ArgumentException">No weights.</exception>
    public static WeightDiagnostics Compute(ReadOnlySpan<double> weights, double clipThreshold)
    {
        var n = weights.Length;
        if (n == 0)
        {
            throw new ArgumentException("No weights.", nameof(weights));
        }

        var clipped = new double[n];
        double sum = 0, max = double.NegativeInfinity, excess = 0;
        int zeros = 0, clippedRows = 0;
        for (var i = 0; i < n; i++)
        {
            var w = weights[i];
            sum += w;
            max = Math.Max(max, w);
            zeros += w == 0 ? 1 : 0;
            if (w > clipThreshold)
            {
                clippedRows++;
                excess += w - clipThreshold;
            }

            clipped[i] = Math.Min(w, clipThreshold);
        }

        return new WeightDiagnostics(
            n,
            KishEffectiveSampleSize(weights),
            KishEffectiveSampleSize(clipped),
            SampleStatistics.Mean(weights),
            SampleStatistics.StandardDeviation(weights) / Math.Sqrt(n),
            max,
            (double)zeros / n,
            (double)clippedRows / n,
            sum > 0 ? excess / sum : 0.0);
    }
}
