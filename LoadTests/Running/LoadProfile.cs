using BanditServe.LoadTests.Profiles;

namespace BanditServe.LoadTests.Running;

/// <summary>
/// The shape of a run. Both models are bounded twice: by time (warm-up + measured stages, plus a
/// drain limit) and by <see cref="MaxRequests"/>.
/// </summary>
public sealed record LoadProfile
{
    /// <summary>Hard limits so that no command line can start an unbounded loop.</summary>
    public static readonly TimeSpan LongestRun = TimeSpan.FromHours(1);

    public const long MostRequests = 50_000_000;

    public required LoadModel Model { get; init; }

    /// <summary>Open model: the whole rate schedule; its first <see cref="Warmup"/> is excluded from the statistics.</summary>
    public IReadOnlyList<RateStage> Stages { get; init; } = [];

    /// <summary>Closed model: concurrent connections, each with one request in flight.</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Closed model: how long the measured part lasts.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Closed model: connections start one after another over this time.</summary>
    public TimeSpan RampUp { get; init; }

    /// <summary>
    /// Requests intended in this leading time are excluded from the statistics. Open model: the
    /// leading part of <see cref="Stages"/>; closed model: added before <see cref="Duration"/>.
    /// </summary>
    public TimeSpan Warmup { get; init; }

    public long MaxRequests { get; init; } = 1_000_000;

    /// <summary>Open model: requests allowed in flight at once; past it, arrivals wait (and that wait counts in their latency).</summary>
    public int MaxInFlight { get; init; } = 4096;

    /// <summary>How long in-flight requests may take to finish after the last arrival.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Warm-up plus measured time.</summary>
    public TimeSpan TotalDuration => Model == LoadModel.Open ? Stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Duration) : Warmup + Duration;

    /// <summary>The open-model schedule.</summary>
    public ArrivalSchedule Schedule() => new(Stages);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is out of range.</summary>
    public void Validate()
    {
        if (Model == LoadModel.Open && Stages.Count == 0)
        {
            throw new ArgumentException("the open model needs a rate (--rate or --stage)");
        }

        if (Model == LoadModel.Open && Stages.Any(stage => stage.Duration <= TimeSpan.Zero))
        {
            throw new ArgumentException("every stage needs a positive duration");
        }

        if (Model == LoadModel.Closed && (Connections < 1 || Connections > 10_000))
        {
            throw new ArgumentException("--connections must be in [1, 10000]");
        }

        if (Model == LoadModel.Closed && Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--duration must be positive");
        }

        if (Model == LoadModel.Open && Warmup >= TotalDuration)
        {
            throw new ArgumentException("the warm-up must be shorter than the stages, or nothing is measured");
        }

        if (TotalDuration > LongestRun)
        {
            throw new ArgumentException($"a run may last at most {LongestRun.TotalMinutes:0} minutes (warm-up included)");
        }

        if (MaxRequests < 1 || MaxRequests > MostRequests)
        {
            throw new ArgumentException($"--max-requests must be in [1, {MostRequests}]");
        }

        if (MaxInFlight < 1 || MaxInFlight > 100_000)
        {
            throw new ArgumentException("--max-in-flight must be in [1, 100000]");
        }
    }
}
