namespace BanditServe.Offline.Estimation;

/// <summary>
/// Every estimator of section 4.3 written as <c>V = mean(additive) + Σ numerator / Σ denominator</c>.
/// Mean-type estimators have no ratio part; SNIPS and Replay no additive part; SNDR has both.
/// This one shape lets the bootstrap recompute ratios inside each resample.
/// </summary>
internal sealed class EstimatorTerms(double[] additive, double[]? numerator, double[]? denominator)
{
    public double[] Additive { get; } = additive;

    public double[]? Numerator { get; } = numerator;

    public double[]? Denominator { get; } = denominator;

    public bool HasRatio => Numerator is not null;

    /// <summary>Σb/Σc, with no evidence (Σc = 0) counted as 0.</summary>
    public static double Ratio(double numeratorSum, double denominatorSum) =>
        denominatorSum > 0 ? numeratorSum / denominatorSum : 0.0;

    public double Value()
    {
        var value = SampleStatistics.Mean(Additive);
        if (Numerator is not null)
        {
            value += Ratio(SampleStatistics.Sum(Numerator), SampleStatistics.Sum(Denominator!));
        }

        return value;
    }

    /// <summary>OBP's per-round values ψ: the ratio part normalised by the full-sample mean of the denominator.</summary>
    public double[] RoundValues()
    {
        var n = Additive.Length;
        var psi = (double[])Additive.Clone();
        if (Numerator is not null)
        {
            var meanDenominator = SampleStatistics.Mean(Denominator!);
            for (var i = 0; i < n; i++)
            {
                psi[i] += meanDenominator > 0 ? Numerator[i] / meanDenominator : 0.0;
            }
        }

        return psi;
    }
}
