namespace BanditServe.Api.Surfaces;

/// <summary>A surface's model as the opaque blob that checkpoints and snapshots store.</summary>
public static class ModelState
{
    public static (byte[] Bytes, long Version) Capture(SurfaceRuntime runtime)
    {
        lock (runtime.WriteLock)
        {
            return runtime.Linear is { } linear
                ? (linear.ToBytes(), linear.Version)
                : (runtime.Periodic!.ToBytes(), runtime.Periodic.Version);
        }
    }

    /// <summary>Rebuilds a surface's model from a blob written by <see cref="Capture"/> under the same settings.</summary>
    public static void Restore(SurfaceRuntime runtime, ReadOnlySpan<byte> bytes)
    {
        lock (runtime.WriteLock)
        {
            if (runtime.Linear is not null)
            {
                var model = BanditServe.Bandits.SurfaceModel.FromBytes(bytes, runtime.Scoring);
                model.Options = SurfaceRuntime.ToDiagLinUcbOptions(runtime.Settings);
                runtime.ReplaceModel(model, null);
            }
            else
            {
                runtime.ReplaceModel(null, BanditServe.Bandits.Recovering.RecoveringPeriodicPolicy.FromBytes(bytes));
            }
        }
    }
}
