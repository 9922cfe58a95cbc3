namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>Where a decision-log search looked, for the 404 detail when it found nothing.</summary>
/// <param name="From">The earliest time searched.</param>
/// <param name="To">The latest time searched (exclusive).</param>
/// <param name="Scanned">Decision rows read.</param>
/// <param name="LimitReached">True when the search stopped at <see cref="DashboardOptions.ExplanationLogScanLimit"/> rows.</param>
public readonly record struct DecisionLogSearch(DateTimeOffset From, DateTimeOffset To, long Scanned, bool LimitReached)
{
    public string Describe() =>
        LimitReached
            ? $"the decision-log search stopped after {Scanned} rows (between {From:O} and {To:O}); pass ?at= with the decision's approximate time"
            : $"not in the decision log between {From:O} and {To:O} ({Scanned} rows read); pass ?at= for an older decision";
}
