namespace BanditServe.Offline.WarmStart;

/// <summary>How logged rows are weighted when fitting warm-start statistics (ALGORITHMS.md 5.3 step 1).</summary>
public enum WarmStartWeighting
{
    /// <summary><c>c_i = 1</c>: unbiased per item under a correct linear model, whatever chose the contexts.</summary>
    Plain,

    /// <summary>
    /// <c>c_i = min(π_t(a|x)/p_i, c_max)</c>, rescaled per item so that Σc equals the item's Kish ESS
    /// (without the rescaling IPS weights above 1 make the confidence width overconfident).
    /// </summary>
    ImportanceWeighted,
}
