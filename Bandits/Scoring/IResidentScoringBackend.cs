namespace BanditServe.Bandits.Scoring;

/// <summary>
/// A batch scorer that keeps each surface's table resident on a device (ILGPU). One instance per
/// process owns the device; <see cref="SurfaceModel"/> creates one <see cref="IResidentTable"/> per surface.
/// </summary>
public interface IResidentScoringBackend
{
    /// <summary>A short name for diagnostics and metrics (e.g. <c>ilgpu</c>).</summary>
    string Name { get; }

    /// <summary>The device, in words (e.g. <c>Cuda: NVIDIA H100</c>).</summary>
    string DeviceName { get; }

    /// <summary>Creates an empty table for one surface.</summary>
    /// <param name="dimension">The dimension <c>D</c> (dense surfaces only, ≤ <see cref="SurfaceModel.DenseDimensionLimit"/>).</param>
    /// <returns>The table; the caller disposes it.</returns>
    IResidentTable CreateTable(int dimension);
}
