namespace BanditServe.Offline.Progress;

/// <summary>Where a long job stands in one of its stages (see <see cref="JobStages"/>).</summary>
/// <param name="Stage">The stage, one of <see cref="JobStages"/>.</param>
/// <param name="Unit">What is counted (rows, folds, resamples, items, rounds).</param>
/// <param name="Completed">How many units are done.</param>
/// <param name="Total">How many units the stage has; 0 when not known in advance (streamed input).</param>
/// <param name="Finished">True on the stage's last report.</param>
public readonly record struct JobProgress(string Stage, string Unit, long Completed, long Total, bool Finished = false)
{
    /// <summary>How many rows a streaming stage reads between two reports.</summary>
    public const int RowReportInterval = 50_000;

    /// <summary>The completed share in [0, 1], or null when the total is not known.</summary>
    public double? Fraction => Total > 0 ? Math.Clamp((double)Completed / Total, 0, 1) : null;
}
