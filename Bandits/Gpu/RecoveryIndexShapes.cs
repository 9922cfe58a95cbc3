namespace BanditServe.Bandits.Gpu;

/// <summary>Argument checks of <see cref="Scoring.IRecoveryIndexBackend.ComputeUpperBounds"/>.</summary>
internal static class RecoveryIndexShapes
{
    public static void Check(ReadOnlySpan<long> counts, ReadOnlySpan<double> sums, int maxIdle, Span<double> upperBounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIdle, 1);
        if (counts.Length % maxIdle != 0 || sums.Length != counts.Length || upperBounds.Length < counts.Length)
        {
            throw new ArgumentException("counts, sums and upperBounds must hold the same whole number of arms × maxIdle cells.", nameof(counts));
        }
    }
}
