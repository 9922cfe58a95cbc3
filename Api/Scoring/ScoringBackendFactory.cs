using BanditServe.Bandits;
using BanditServe.Bandits.Scoring;
using BanditServe.Api.Surfaces;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Scoring;

/// <summary>
/// Picks the scoring backend once at start (<see cref="ScoringBackendRules"/>), opens the device
/// when one is chosen, logs backend and device, and hands every surface its
/// <see cref="SurfaceScoring"/> and micro-batcher.
/// </summary>
/// <remarks>
/// The device provider comes from <c>Bandits.Gpu</c> (<c>IlgpuDeviceProvider</c>) when the host
/// registers it; without one, every mode scores on the CPU.
/// </remarks>
public sealed class ScoringBackendFactory
{
    private readonly ScoringOptions _options;

    public ScoringBackendFactory(IOptions<ScoringOptions> options, ILogger<ScoringBackendFactory> logger, IScoringDeviceProvider? devices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        IReadOnlyList<ScoringDevice> present = devices?.Devices ?? [];
        ScoringBackendChoice choice = ScoringBackendRules.Choose(_options.Backend, present, _options.MinDeviceItems);
        if (choice.Warning is not null)
        {
            ScoringLog.BackendWarning(logger, choice.Warning);
        }

        IResidentScoringBackend? device = choice.Device is null || devices is null ? null : devices.Open(choice.Device);
        Scoring = new SurfaceScoring(device, TimeSpan.FromMilliseconds(_options.MaxStalenessMilliseconds), choice.MinDeviceItems);
        Info = new ScoringBackendInfo(choice.BackendName, choice.DeviceDescription);
        ScoringLog.BackendChosen(logger, _options.Backend.ToString().ToLowerInvariant(), Info.Name, Info.Device, choice.Device is null ? 0 : choice.MinDeviceItems);
    }

    /// <summary>The backend and device, for the <c>backend</c> metric label and diagnostics.</summary>
    public ScoringBackendInfo Info { get; }

    /// <summary>What every new surface model is created with: <c>new SurfaceModel(dimension, options, factory.Scoring)</c>.</summary>
    public SurfaceScoring Scoring { get; }

    /// <summary>Whether rank requests on a model of this many active items go through a micro-batcher.</summary>
    /// <param name="activeItems">The model's active items.</param>
    /// <returns>True when the window is on and the catalog is at least <see cref="ScoringOptions.MicroBatchMinItems"/>.</returns>
    public bool UsesMicroBatching(int activeItems) =>
        _options.MicroBatchWindowMicroseconds > 0 && activeItems >= _options.MicroBatchMinItems;

    /// <summary>A micro-batcher for one surface's model, with the configured window and batch size.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The batcher.</returns>
    public RankMicroBatcher CreateBatcher(SurfaceModel model)
        => new(model, TimeSpan.FromMicroseconds(_options.MicroBatchWindowMicroseconds), _options.MaxBatchSize);
}
