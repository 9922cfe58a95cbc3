namespace BanditServe.LoadTests.Profiles;

/// <summary>
/// One stage of an open-model profile: the arrival rate moves linearly from <see cref="StartRate"/>
/// to <see cref="EndRate"/> requests per second over <see cref="Duration"/> (equal rates = constant).
/// </summary>
public sealed record RateStage(TimeSpan Duration, double StartRate, double EndRate)
{
    /// <summary>Arrivals this stage produces: the integral of the rate over its duration.</summary>
    public double Arrivals => (StartRate + EndRate) / 2 * Duration.TotalSeconds;

    /// <summary>
    /// Parses <c>30s@1000</c> (constant) or <c>10s@100-2000</c> (linear ramp) into a stage.
    /// </summary>
    public static RateStage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            throw new FormatException($"stage '{text}' must look like 30s@1000 or 10s@100-2000");
        }

        var duration = DurationText.Parse(text[..at]);
        var rates = text[(at + 1)..].Split('-', 2);
        var start = ParseRate(rates[0], text);
        var end = rates.Length == 2 ? ParseRate(rates[1], text) : start;
        return new RateStage(duration, start, end);
    }

    private static double ParseRate(string text, string stage)
    {
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate)
            || !double.IsFinite(rate) || rate < 0)
        {
            throw new FormatException($"stage '{stage}': the rate '{text}' must be a number ≥ 0 (requests per second)");
        }

        return rate;
    }
}
