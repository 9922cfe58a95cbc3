using BanditServe.Bandits.Scoring;
using ILGPU;
using ILGPU.Runtime;

namespace BanditServe.Bandits.Gpu;

/// <summary>
/// Lists ILGPU's accelerators (CUDA, OpenCL and the CPU simulator) and opens backends on them. One
/// per process, disposed with the host; the backends it opened are disposed with it.
/// </summary>
public sealed class IlgpuDeviceProvider : IScoringDeviceProvider, IDisposable
{
    private readonly Context _context;
    private readonly List<(ScoringDevice Device, Device IlgpuDevice)> _devices = [];
    private readonly List<IlgpuScoringBackend> _opened = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the ILGPU context and enumerates the accelerators present.</summary>
    public IlgpuDeviceProvider()
    {
        _context = Context.Create(builder => builder.AllAccelerators().EnableAlgorithms());
        foreach (Device device in _context.Devices)
        {
            ScoringDeviceKind? kind = device.AcceleratorType switch
            {
                AcceleratorType.Cuda => ScoringDeviceKind.Cuda,
                AcceleratorType.OpenCL => ScoringDeviceKind.OpenCL,
                AcceleratorType.CPU => ScoringDeviceKind.Cpu,
                _ => null,
            };

            if (kind is { } known)
            {
                _devices.Add((new ScoringDevice(device.Name, known, device.MemorySize), device));
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<ScoringDevice> Devices => [.. _devices.Select(d => d.Device)];

    /// <inheritdoc />
    public IResidentScoringBackend Open(ScoringDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        (ScoringDevice Device, Device IlgpuDevice) match = _devices.FirstOrDefault(d => d.Device == device);
        if (match.IlgpuDevice is null)
        {
            throw new ArgumentException($"Device '{device.Description}' is not one of this provider's devices.", nameof(device));
        }

        lock (_gate)
        {
            var backend = new IlgpuScoringBackend(match.IlgpuDevice.CreateAccelerator(_context), device, null);
            _opened.Add(backend);
            return backend;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (IlgpuScoringBackend backend in _opened)
            {
                backend.Dispose();
            }

            _opened.Clear();
        }

        _context.Dispose();
    }
}
