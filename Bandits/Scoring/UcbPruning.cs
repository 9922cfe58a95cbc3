using System.Runtime.CompilerServices;

namespace BanditServe.Bandits.Scoring;

/// <summary>
/// Exact pruning for a top-k scan by UCB score <c>mean + α·√variance</c>: keeps a lower bound of the k best scores
/// seen so far, and tells which rows cannot reach it from a cheap estimate of their mean and their largest
/// published <c>1/d</c>, so those rows are never read in full.
/// </summary>
/// <remarks>
/// <para>
/// The estimate is the mean over θ rounded to multiples of a step s per row, at most 127 of them (s ≥ max|θ| / 127),
/// which the store keeps as one byte per coordinate, per group of 16 rows, coordinates outermost: 16 rows are estimated
/// with one widening load and one multiply-add per coordinate, from an eighth of the bytes of a row. It differs from the
/// kernel's mean by at most <c>(½ + 2⁻⁸)·s·‖x‖₁</c>: each coordinate lies within s/2 of its estimate; the estimate's
/// float32 sum of x times the multiples (each at most 127) and its product with s lie within <c>(d/4 + 3)·2⁻²⁴·127·s·‖x‖₁</c>
/// of exact, and the kernel's sum within <c>d·2⁻²⁴·Σ|x θ| ≤ d·2⁻²⁴·127·s·‖x‖₁</c>, together under 2⁻⁸ for d ≤ 256.
/// Where products fall below float32's normal range their rounding is absolute: up to 2⁻¹⁵⁰ per operation, so the
/// estimate's sum carries <c>(d + 2)·2⁻¹⁴⁹·s</c> more, and the floor covers the rest. A row's variance is
/// <c>Σ x²/d ≤ Σx² · max(1/d)</c>. So its score is at most <c>estimate + error + α·√(Σx²·max(1/d))</c>, and a row
/// whose bound lies strictly below the k-th best score already seen cannot be among the k best (ties are ordered by
/// id, so equal is not enough).
/// </para>
/// <para>
/// The square root, multiply and add that make a score in <c>SurfaceModel</c> round too: the variance term is widened
/// by 2⁻¹¹, the gap by 2⁻¹⁶ of its terms, and the scores kept are lowered by 2⁻²⁰ of theirs. A pruned row's computed
/// score is strictly below every kept one, so the top k are the rows the full scan finds, with the same bits.
/// </para>
/// <para>A pruned row gets the mean <see cref="Pruned"/> (−∞) and the variance 0.</para>
/// </remarks>
internal ref struct UcbPruning
{
    /// <summary>The mean a pruned row is given: its score becomes −∞, below every real score, and placement scores it alone.</summary>
    public const float Pruned = float.NegativeInfinity;

    /// <summary>The gap's relative margin (2⁻¹⁶).</summary>
    internal const float GapMargin = 1f / 65536;

    /// <summary>
    /// How far the 8-bit estimate of a mean may lie from the kernel's, per unit of s·‖x‖₁ (s the row's step): ½ for the
    /// rounding to whole steps, 2⁻⁸ for the float32 sums and products (d ≤ 256 where the store keeps estimates).
    /// </summary>
    internal const double EstimateError = 0.5 + (1.0 / 256);

    /// <summary>Min-heap of lower bounds of the best scores offered, at most k.</summary>
    private readonly Span<double> _best;
    private readonly double _alpha;
    private int _count;

    /// <summary>Prunes for the best <c>best.Length</c> scores of one dense context.</summary>
    /// <param name="best">Scratch for k doubles; empty turns pruning off.</param>
    /// <param name="alpha">α ≥ 0, finite; otherwise pruning is off.</param>
    /// <param name="context">The dense context.</param>
    /// <param name="contextSquared">Its squares, as the kernel reads them.</param>
    public UcbPruning(Span<double> best, float alpha, ReadOnlySpan<float> context, ReadOnlySpan<float> contextSquared)
    {
        _alpha = alpha;
        double sumSquares = 0;
        double absoluteSum = 0;
        foreach (float square in contextSquared)
        {
            sumSquares += square;
        }

        foreach (float x in context)
        {
            absoluteSum += Math.Abs(x);
        }

        // α²·Σx²·(1 + 2⁻¹¹)², widened once more for its own rounding to float and the product with max(1/d).
        double scale = alpha * (double)alpha * sumSquares * (1 + (1.0 / 2048)) * (1 + (1.0 / 2048)) * (1 + (1.0 / 262144));
        VarianceScale = RoundUp(scale);

        // ‖x‖₁ in float64 (the sum's rounding is covered by the 2⁻¹⁶), plus the estimate sum's absolute rounding below
        // float32's normal range, per unit of step. The floor covers the kernel's and the final product's.
        double absolute = absoluteSum * (1 + (1.0 / 65536));
        ErrorScale = RoundUp((absolute * EstimateError) + ((context.Length + 2) * Math.Pow(2, -149)));
        ErrorFloor = RoundUp((absoluteSum * Math.Pow(2, -100)) + Math.Pow(2, -100));
        bool usable = float.IsFinite(alpha) && alpha >= 0 && float.IsFinite(VarianceScale) && float.IsFinite(ErrorScale);
        _best = usable ? best : [];
    }

    /// <summary>No pruning: every row is read.</summary>
    public static UcbPruning None => new([], 0, [], []);

    /// <summary>True when rows may be pruned at all (k > 0, α and the context usable).</summary>
    public readonly bool Enabled => !_best.IsEmpty;

    /// <summary>A lower bound of the k-th best score offered; −∞ until k scores were offered.</summary>
    public readonly float Threshold
    {
        get
        {
            if (_best.IsEmpty || _count < _best.Length)
            {
                return float.NegativeInfinity;
            }

            float threshold = (float)_best[0];
            return threshold > _best[0] ? MathF.BitDecrement(threshold) : threshold;
        }
    }

    /// <summary>How many rows the scan left unread with <see cref="Pruned"/> as their mean (kept by the store's scan).</summary>
    public int PrunedRows { readonly get; set; }

    /// <summary><c>α²·Σx²</c> widened for rounding: a row's variance times α² is below this times its largest <c>1/d</c>.</summary>
    public readonly float VarianceScale { get; }

    /// <summary>A row's estimate lies within <c>ErrorScale·s + ErrorFloor</c> of its kernel mean, s the row's step.</summary>
    public readonly float ErrorScale { get; }

    /// <summary>See <see cref="ErrorScale"/>.</summary>
    public readonly float ErrorFloor { get; }

    /// <summary>
    /// True when a row with this mean estimate, step and largest published <c>1/d</c> scores strictly below
    /// <paramref name="threshold"/>. The scalar form of the test the store runs sixteen rows at a time, the same
    /// operations in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CannotReach(float estimate, float thetaScale, float maxInverse, float threshold, float varianceScale, float errorScale, float errorFloor)
    {
        float error = (errorScale * thetaScale) + errorFloor;
        float gap = ((threshold - estimate - error) * (1 - GapMargin)) - ((MathF.Abs(estimate) + error) * GapMargin);
        return gap > 0 && varianceScale * maxInverse < gap * gap;
    }

    /// <summary>Offers an exact row's mean and variance as scored by the kernel.</summary>
    public void Offer(float mean, float variance) => Offer(mean, variance, 1);

    /// <summary>Offers <paramref name="times"/> rows with the same exact mean and variance (rows at the prior).</summary>
    public void Offer(float mean, float variance, int times)
    {
        if (_best.IsEmpty || times <= 0)
        {
            return;
        }

        if (_count == _best.Length)
        {
            // Most offers lose to the bar; refusing one is always safe (the bar only stays lower), so this check
            // needs no margin: α·√variance ≤ bar − mean, squared, without a square root.
            double below = _best[0] - mean;
            if (below >= 0 && _alpha * _alpha * Math.Max(0, variance) <= below * below)
            {
                return;
            }
        }

        double spread = _alpha * Math.Sqrt(Math.Max(0, variance));
        double low = mean + spread - ((Math.Abs(mean) + spread) / (1 << 20));
        for (int t = 0; t < times; t++)
        {
            if (_count < _best.Length)
            {
                _best[_count] = low;
                SiftUp(_count++);
            }
            else if (low > _best[0])
            {
                _best[0] = low;
                SiftDown();
            }
            else
            {
                return;
            }
        }
    }

    private static float RoundUp(double value)
    {
        float rounded = (float)value;
        return rounded < value ? MathF.BitIncrement(rounded) : rounded;
    }

    private readonly void SiftUp(int at)
    {
        while (at > 0)
        {
            int parent = (at - 1) >> 1;
            if (_best[parent] <= _best[at])
            {
                return;
            }

            (_best[parent], _best[at]) = (_best[at], _best[parent]);
            at = parent;
        }
    }

    private readonly void SiftDown()
    {
        int at = 0;
        while (true)
        {
            int left = (2 * at) + 1;
            if (left >= _count)
            {
                return;
            }

            int smallest = left + 1 < _count && _best[left + 1] < _best[left] ? left + 1 : left;
            if (_best[at] <= _best[smallest])
            {
                return;
            }

            (_best[at], _best[smallest]) = (_best[smallest], _best[at]);
            at = smallest;
        }
    }
}
