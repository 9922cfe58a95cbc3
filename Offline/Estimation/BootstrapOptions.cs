namespace BanditServe.Offline.Estimation;

/// <summary>Settings of the percentile bootstrap (OBP <c>estimate_confidence_interval_by_bootstrap</c>).</summary>
/// <param name="Samples">Number of resamples B (OBP default 10000); 0 disables the bootstrap.</param>
/// <param name="Seed">Seed of the resampling; equal seeds give bit-identical intervals.</param>
/// <param name="Mode">Treatment of the ratio estimators.</param>
public sealed record BootstrapOptions(int Samples, int Seed, BootstrapMode Mode = BootstrapMode.RecomputeRatio);
