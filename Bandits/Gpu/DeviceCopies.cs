using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;

namespace BanditServe.Bandits.Gpu;

/// <summary>Copies between host spans and the start of device views.</summary>
internal static class DeviceCopies
{
    public static void ToDevice<T>(ArrayView<T> destination, ReadOnlySpan<T> source)
        where T : unmanaged
    {
        if (source.IsEmpty)
        {
            return;
        }

        destination.SubView(0, source.Length).CopyFromCPU(ref MemoryMarshal.GetReference(source), source.Length);
    }

    /// <summary>Copies to the host; synchronises the accelerator's default stream.</summary>
    public static void ToHost<T>(ArrayView<T> source, Span<T> destination)
        where T : unmanaged
    {
        if (destination.IsEmpty)
        {
            return;
        }

        source.SubView(0, destination.Length).CopyToCPU(ref MemoryMarshal.GetReference(destination), destination.Length);
    }
}
