namespace BanditServe.Offline.Estimation;

/// <summary>A two-sided interval [Low, High].</summary>
/// <param name="Low">Lower bound.</param>
/// <param name="High">Upper bound.</param>
public readonly record struct ConfidenceInterval(double Low, double High)
{
    /// <summary>Half the width of the interval.</summary>
    public double HalfWidth => (High - Low) / 2;

    /// <summary>True where <paramref name="value"/> lies inside the closed interval.</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}
