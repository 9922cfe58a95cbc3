using BanditServe.Bandits.Gpu.Kernels;
using BanditServe.Bandits.Scoring;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace BanditServe.Bandits.Gpu;

/// <summary>
/// The ILGPU resident backend: one accelerator, its kernels loaded once, and one column-major table
/// per surface in device memory. Create one per process (through <see cref="IlgpuDeviceProvider"/>)
/// and dispose it with the host.
/// </summary>
/// <remarks>
/// All device work goes through the accelerator's default stream under one lock, so tables of
/// different surfaces never interleave half a launch. Every method returns after its results are
/// on the host (each copy to the CPU synchronises the stream).
/// </remarks>
public sealed class IlgpuScoringBackend : IResidentScoringBackend, IRecoveryIndexBackend, IDisposable
{
    private readonly Context? _ownedContext;
    private bool _disposed;

    internal IlgpuScoringBackend(Accelerator accelerator, ScoringDevice device, Context? ownedContext)
    {
        Accelerator = accelerator;
        Device = device;
        _ownedContext = ownedContext;
        Score = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchShape>(DiagUcbBatchKernel.Execute);
        SelectSlices = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, SelectShape>(TopKSliceKernel.Execute);
        MergeSlices = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<int>, SelectShape>(TopKMergeKernel.Execute);
        ScatterRows = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, int, long>(RowScatterKernel.Execute);
        GrowTable = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<byte>, long, long>(TableGrowKernel.Execute);
        RecoveryIndex = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<long>, ArrayView<double>, ArrayView<double>, int, double, double>(RecoveryIndexKernel.Execute);
    }

    /// <inheritdoc />
    public string Name => "ilgpu";

    /// <inheritdoc />
    public string DeviceName => Device.Description;

    /// <summary>The accelerator's device.</summary>
    public ScoringDevice Device { get; }

    internal Accelerator Accelerator { get; }

    /// <summary>Serialises all device work of this backend.</summary>
    internal Lock Gate { get; } = new();

    internal Action<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, BatchShape> Score { get; }

    internal Action<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, SelectShape> SelectSlices { get; }

    internal Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<int>, SelectShape> MergeSlices { get; }

    internal Action<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, int, long> ScatterRows { get; }

    internal Action<Index1D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, ArrayView<byte>, long, long> GrowTable { get; }

    internal Action<Index1D, ArrayView<long>, ArrayView<double>, ArrayView<double>, int, double, double> RecoveryIndex { get; }

    /// <summary>
    /// A backend on ILGPU's CPU accelerator (a kernel simulator): for tests of the kernels, never for
    /// serving (it is much slower than <see cref="CpuSimdScoringBackend"/>).
    /// </summary>
    /// <returns>A backend that owns its own ILGPU context.</returns>
    public static IlgpuScoringBackend CreateCpuSimulator()
    {
        Context context = Context.Create(builder => builder.CPU().EnableAlgorithms());
        try
        {
            Accelerator accelerator = context.CreateCPUAccelerator(0);
            return new IlgpuScoringBackend(accelerator, new ScoringDevice(accelerator.Name, ScoringDeviceKind.Cpu, accelerator.MemorySize), context);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IResidentTable CreateTable(int dimension)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, SurfaceModel.DenseDimensionLimit);
        return new IlgpuResidentTable(this, dimension);
    }

    /// <inheritdoc />
    public void ComputeUpperBounds(ReadOnlySpan<long> counts, ReadOnlySpan<double> sums, int maxIdle, long t, double maxReward, Span<double> upperBounds)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RecoveryIndexShapes.Check(counts, sums, maxIdle, upperBounds);
        int arms = counts.Length / maxIdle;
        if (arms == 0)
        {
            return;
        }

        double logTerm = 2 * Math.Log(Math.Max(2, t));
        lock (Gate)
        {
            using MemoryBuffer1D<long, Stride1D.Dense> deviceCounts = Accelerator.Allocate1D<long>(counts.Length);
            using MemoryBuffer1D<double, Stride1D.Dense> deviceSums = Accelerator.Allocate1D<double>(sums.Length);
            using MemoryBuffer1D<double, Stride1D.Dense> deviceBounds = Accelerator.Allocate1D<double>(counts.Length);
            DeviceCopies.ToDevice(deviceCounts.View, counts);
            DeviceCopies.ToDevice(deviceSums.View, sums);
            RecoveryIndex(arms, deviceCounts.View, deviceSums.View, deviceBounds.View, maxIdle, logTerm, maxReward);

            // Synchronises the stream.
            DeviceCopies.ToHost(deviceBounds.View, upperBounds[..counts.Length]);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Accelerator.Dispose();
        _ownedContext?.Dispose();
    }
}
