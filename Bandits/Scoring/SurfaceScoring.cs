namespace BanditServe.Bandits.Scoring;

/// <summary>How a <see cref="SurfaceModel"/> scores: on the CPU only, or also on a device for large catalogs.</summary>
/// <param name="Device">The resident (device) backend; null to score on the CPU only.</param>
/// <param name="MaxStaleness">The longest the device copy may lag behind the model (default 50 ms).</param>
/// <param name="MinDeviceItems">The fewest active items for which a full-catalog ranking uses the device; smaller catalogs stay on the CPU.</param>
public sealed record SurfaceScoring(IResidentScoringBackend? Device = null, TimeSpan? MaxStaleness = null, int MinDeviceItems = SurfaceScoring.DefaultMinDeviceItems)
{
    /// <summary>The default <see cref="MinDeviceItems"/>: below about this many rows a kernel launch and its transfers cost more than scoring on the CPU.</summary>
    public const int DefaultMinDeviceItems = 65_536;

    /// <summary>The default <see cref="MaxStaleness"/>.</summary>
    public static readonly TimeSpan DefaultMaxStaleness = TimeSpan.FromMilliseconds(50);

    /// <summary>CPU-only scoring.</summary>
    public static SurfaceScoring Cpu { get; } = new();

    /// <summary>The staleness bound in effect.</summary>
    public TimeSpan EffectiveMaxStaleness => MaxStaleness ?? DefaultMaxStaleness;
}
