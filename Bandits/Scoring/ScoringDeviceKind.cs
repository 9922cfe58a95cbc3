namespace BanditServe.Bandits.Scoring;

/// <summary>The kind of an ILGPU accelerator.</summary>
public enum ScoringDeviceKind
{
    /// <summary>ILGPU's CPU accelerator (a kernel simulator: correct but slow).</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through CUDA.</summary>
    Cuda,

    /// <summary>A GPU through OpenCL.</summary>
    OpenCL,
}
