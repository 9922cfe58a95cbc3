namespace BanditServe.Offline.Estimation;

/// <summary>
/// Count, mean and centred second moments of a pair of streams (a, b), updated one value at a time
/// (Welford) and merged exactly (Chan et al.), so partial sums of chunks combine in any grouping
/// without the cancellation of <c>Σx² − n·x̄²</c>.
/// </summary>
internal struct RunningMoments
{
    public long Count;
    public double MeanA;
    public double MeanB;
    public double SquaresA;
    public double SquaresB;
    public double CrossAB;

    public void Add(double a, double b)
    {
        Count++;
        var deltaA = a - MeanA;
        var deltaB = b - MeanB;
        MeanA += deltaA / Count;
        MeanB += deltaB / Count;
        var afterA = a - MeanA;
        SquaresA += deltaA * afterA;
        SquaresB += deltaB * (b - MeanB);
        CrossAB += deltaB * afterA;
    }

    public void Merge(in RunningMoments other)
    {
        if (other.Count == 0)
        {
            return;
        }

        if (Count == 0)
        {
            this = other;
            return;
        }

        var total = Count + other.Count;
        var deltaA = other.MeanA - MeanA;
        var deltaB = other.MeanB - MeanB;
        var share = (double)Count * other.Count / total;
        SquaresA += other.SquaresA + (deltaA * deltaA * share);
        SquaresB += other.SquaresB + (deltaB * deltaB * share);
        CrossAB += other.CrossAB + (deltaA * deltaB * share);
        MeanA += deltaA * other.Count / total;
        MeanB += deltaB * other.Count / total;
        Count = total;
    }

    /// <summary>Sample standard deviation of a with ddof = 1.</summary>
    public readonly double StandardDeviationA => Count < 2 ? 0.0 : Math.Sqrt(Math.Max(0.0, SquaresA / (Count - 1)));
}
