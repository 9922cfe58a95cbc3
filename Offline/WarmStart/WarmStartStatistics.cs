using BanditServe.Bandits;

namespace BanditServe.Offline.WarmStart;

/// <summary>
/// Diag-LinUCB statistics fitted from logged feedback: per item j and coordinate c the excess
/// precision <c>S_jc = Σ c_i·x_c²</c> (precision <c>d_jc = ridge + S_jc</c>) and <c>b_jc = Σ c_i·x_c·r</c>,
/// after weighting, forgetting, trust and the pseudo-observation cap (ALGORITHMS.md 2.3, 5.3).
/// </summary>
public sealed class WarmStartStatistics
{
    private readonly Dictionary<string, int> itemIndex;
    private readonly double[] sumSquares;
    private readonly double[] sumRewards;

    internal WarmStartStatistics(
        IReadOnlyList<string> items,
        int dimension,
        double ridge,
        double[] sumSquares,
        double[] sumRewards,
        double[] effectiveSampleSizes,
        long[] rows,
        double[] rewardSums)
    {
        Items = items;
        Dimension = dimension;
        Ridge = ridge;
        this.sumSquares = sumSquares;
        this.sumRewards = sumRewards;
        EffectiveSampleSizes = effectiveSampleSizes;
        Rows = rows;
        RewardSums = rewardSums;
        itemIndex = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (var j = 0; j < items.Count; j++)
        {
            itemIndex.Add(items[j], j);
        }
    }

    /// <summary>Items in order of first appearance in the logs.</summary>
    public IReadOnlyList<string> Items { get; }

    /// <summary>Context dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Prior precision λ.</summary>
    public double Ridge { get; }

    /// <summary>Kish ESS of each item's row weights (its row count under plain weighting).</summary>
    public IReadOnlyList<double> EffectiveSampleSizes { get; }

    /// <summary>Number of logged rows of each item.</summary>
    public IReadOnlyList<long> Rows { get; }

    /// <summary>Unweighted reward sum of each item.</summary>
    public IReadOnlyList<double> RewardSums { get; }

    /// <summary>Index of <paramref name="itemId"/> in <see cref="Items"/>, or −1.</summary>
    public int IndexOf(string itemId) => itemIndex.GetValueOrDefault(itemId, -1);

    /// <summary>Excess precision S_jc of item <paramref name="item"/> (row of length d).</summary>
    public ReadOnlySpan<double> SumSquares(int item) => sumSquares.AsSpan(item * Dimension, Dimension);

    /// <summary>b_jc of item <paramref name="item"/> (row of length d).</summary>
    public ReadOnlySpan<double> SumRewards(int item) => sumRewards.AsSpan(item * Dimension, Dimension);

    /// <summary>Precision d_jc = ridge + S_jc.</summary>
    public double Precision(int item, int coordinate) => Ridge + sumSquares[(item * Dimension) + coordinate];

    /// <summary>θ_jc = b_jc / d_jc.</summary>
    public double Theta(int item, int coordinate) => sumRewards[(item * Dimension) + coordinate] / Precision(item, coordinate);

    /// <summary>Exploitation score <c>Σ_c x_c θ_jc</c>.</summary>
    public double Mean(int item, ReadOnlySpan<double> context)
    {
        var mean = 0.0;
        for (var c = 0; c < context.Length; c++)
        {
            if (context[c] != 0)
            {
                mean += context[c] * Theta(item, c);
            }
        }

        return mean;
    }

    /// <summary>Confidence width <c>sqrt(Σ_c x_c² / d_jc)</c>.</summary>
    public double Width(int item, ReadOnlySpan<double> context)
    {
        var variance = 0.0;
        for (var c = 0; c < context.Length; c++)
        {
            if (context[c] != 0)
            {
                variance += context[c] * context[c] / Precision(item, c);
            }
        }

        return Math.Sqrt(Math.Max(0.0, variance));
    }

    /// <summary>Diag-LinUCB score <c>Σ_c x_c θ_jc + α·sqrt(Σ_c x_c²/d_jc)</c>.</summary>
    public double Score(int item, ReadOnlySpan<double> context, double alpha) =>
        Mean(item, context) + (alpha * Width(item, context));

    /// <summary>
    /// The statistics as a Bandits model snapshot (excess statistics of the coordinates that left the
    /// prior), ready for <see cref="SurfaceModel.Import(SurfaceModelSnapshot)"/> or <c>PUT /v1/surfaces/{surface}/model</c>.
    /// </summary>
    public SurfaceModelSnapshot ToSnapshot(DiagLinUcbOptions options, long modelVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var items = new ItemSnapshot[Items.Count];
        for (var j = 0; j < Items.Count; j++)
        {
            var squares = SumSquares(j);
            var rewards = SumRewards(j);
            var indices = new List<int>();
            var itemSquares = new List<double>();
            var itemRewards = new List<double>();
            for (var c = 0; c < Dimension; c++)
            {
                if (squares[c] != 0 || rewards[c] != 0)
                {
                    indices.Add(c);
                    itemSquares.Add(squares[c]);
                    itemRewards.Add(rewards[c]);
                }
            }

            items[j] = new ItemSnapshot(
                Items[j],
                Active: true,
                Impressions: Rows[j],
                RewardsApplied: Rows[j],
                RewardSum: RewardSums[j],
                LastShownAt: null,
                [.. indices],
                [.. itemSquares],
                [.. itemRewards]);
        }

        return new SurfaceModelSnapshot(Dimension, options with { Ridge = Ridge }, modelVersion, items);
    }
}
