namespace BanditServe.LoadTests.Reporting;

/// <summary>
/// The server's own timing of the rankings made after warm-up (<c>bandit_rank_duration_seconds</c>: from the parsed
/// context to the chosen slots), beside the client's request-to-response latency: what is not ranking is transport
/// and queueing. Quantiles are bucket upper bounds ("at most"), in milliseconds.
/// </summary>
public sealed record ServerRankDurationReport(long Rankings, double Seconds, double P50AtMostMs, double P90AtMostMs, double P99AtMostMs, double P999AtMostMs)
{
    public const string MetricName = "bandit_rank_duration_seconds";

    /// <summary>
    /// The rankings between the first scrape at or after the end of warm-up and the last scrape, as the working set's
    /// growth is measured; null with fewer than two such scrapes or no ranking between them.
    /// </summary>
    /// <param name="scrapes">The histogram as scraped, with the second of the run it was read at, in order.</param>
    /// <param name="warmup">The warm-up, excluded.</param>
    public static ServerRankDurationReport? FromScrapes(IReadOnlyList<(double Second, CumulativeHistogram Histogram)> scrapes, TimeSpan warmup)
    {
        ArgumentNullException.ThrowIfNull(scrapes);
        var measured = scrapes.Where(scrape => scrape.Second >= warmup.TotalSeconds).ToArray();
        return measured.Length < 2 ? null : From(measured[^1].Histogram.Minus(measured[0].Histogram), measured[^1].Second - measured[0].Second);
    }

    /// <summary>Null when nothing was ranked in the window.</summary>
    public static ServerRankDurationReport? From(CumulativeHistogram window, double seconds)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Total <= 0)
        {
            return null;
        }

        return new ServerRankDurationReport(
            (long)window.Total,
            Math.Round(seconds, 1),
            Milliseconds(window.UpperBoundOf(0.50)),
            Milliseconds(window.UpperBoundOf(0.90)),
            Milliseconds(window.UpperBoundOf(0.99)),
            Milliseconds(window.UpperBoundOf(0.999)));
    }

    private static double Milliseconds(double seconds) => double.IsFinite(seconds) ? Math.Round(seconds * 1000, 3) : seconds;
}
