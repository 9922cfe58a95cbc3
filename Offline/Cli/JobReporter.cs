using BanditServe.Offline.Progress;

namespace BanditServe.Offline.Cli;

/// <summary>Shows a job's stage progress and its informational notes on the error stream.</summary>
internal abstract class JobReporter : IProgress<JobProgress>
{
    /// <summary>Shows where a stage stands; called from any thread.</summary>
    public abstract void Report(JobProgress value);

    /// <summary>Shows one informational line (what was read, the gate's decision).</summary>
    public abstract void Note(string message);
}
