using System.ComponentModel.DataAnnotations;
using BanditServe.Bandits.Scoring;

namespace BanditServe.Api.Scoring;

/// <summary>
/// Scoring settings (configuration section <c>Scoring</c>, API.md).
/// </summary>
/// <remarks>
/// To add a setting: 1. add the property with its default and range here; 2. document it in
/// docs/operations.md; 3. use it in <see cref="ScoringBackendFactory"/>.
/// </remarks>
public sealed class ScoringOptions
{
    /// <summary><c>auto</c> (ILGPU only with a CUDA/OpenCL GPU and a large enough catalog), <c>cpu</c>, or <c>ilgpu</c> (forced, CPU accelerator included, with a warning).</summary>
    public ScoringBackendMode Backend { get; set; } = ScoringBackendMode.Auto;

    /// <summary>How long a rank request waits for concurrent ones to share its pass over the model, only while others are in flight; 0 batches only what queues during a pass.</summary>
    [Range(0, 10_000)]
    public int MicroBatchWindowMicroseconds { get; set; } = 200;

    /// <summary>The most rank requests one pass scores.</summary>
    /// <summary>
    /// Micro-batching pays where one pass over the model is memory-bound (large catalogs); below this
    /// many active items each request is scored alone, with no batching window.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MicroBatchMinItems { get; set; } = 65_536;

    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>The longest the device copy of a model may lag behind it.</summary>
    [Range(0, 60_000)]
    public int MaxStalenessMilliseconds { get; set; } = 50;

    /// <summary>The fewest active items for which <c>auto</c> ranks a surface on the GPU.</summary>
    [Range(0, int.MaxValue)]
    public int MinDeviceItems { get; set; } = SurfaceScoring.DefaultMinDeviceItems;
}
