namespace BanditServe.Offline.Progress;

/// <summary>The stages of the offline jobs that report progress, each with its own progress bar.</summary>
public static class JobStages
{
    /// <summary>Reading logged feedback (CSV rows or stored decisions).</summary>
    public const string ReadingLogs = "reading logs";

    /// <summary>Fitting the cross-fitted ridge reward model, counted in folds.</summary>
    public const string FittingRewardModel = "fitting reward model";

    /// <summary>Joining the policy with the logs and computing the estimators.</summary>
    public const string Estimating = "estimating";

    /// <summary>Bootstrap resamples of every estimator.</summary>
    public const string Bootstrap = "bootstrap";

    /// <summary>Fitting Diag-LinUCB statistics (the warm start, or a cross-fitted or replayed candidate).</summary>
    public const string WarmStartFit = "warm start fit";

    /// <summary>Reports the start (0 done) of a stage.</summary>
    public static void Start(this IProgress<JobProgress>? progress, string stage, string unit, long total) =>
        progress?.Report(new JobProgress(stage, unit, 0, total));

    /// <summary>Reports the end of a stage with its final count.</summary>
    public static void Finish(this IProgress<JobProgress>? progress, string stage, string unit, long completed, long total) =>
        progress?.Report(new JobProgress(stage, unit, completed, total, Finished: true));
}
