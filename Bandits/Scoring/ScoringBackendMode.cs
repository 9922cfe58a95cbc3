namespace BanditServe.Bandits.Scoring;

/// <summary>The configured scoring backend (<c>Scoring:Backend</c>, API.md).</summary>
public enum ScoringBackendMode
{
    /// <summary>ILGPU only where a CUDA or OpenCL device is present, and then only for catalogs large enough to pay; the CPU otherwise.</summary>
    Auto,

    /// <summary>Always the CPU SIMD backend.</summary>
    Cpu,

    /// <summary>Always ILGPU on its best accelerator, ILGPU's CPU accelerator included (with a warning: it is for testing kernels).</summary>
    Ilgpu,
}
