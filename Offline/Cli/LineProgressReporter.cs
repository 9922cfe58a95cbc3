using System.Globalization;
using BanditServe.Offline.Progress;

namespace BanditServe.Offline.Cli;

/// <summary>
/// Progress as plain lines for redirected error streams and CI logs: per stage a line at its start, at
/// each quarter and at its end (with counts and percent), or, when the total is not known in advance,
/// the first count, at most one line every few seconds, and the final count.
/// </summary>
internal sealed class LineProgressReporter(TextWriter error) : JobReporter
{
    /// <summary>Least time between two lines of a stage whose total is unknown.</summary>
    private static readonly TimeSpan StreamingInterval = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private readonly Dictionary<string, StageLines> stages = new(StringComparer.Ordinal);

    public override void Report(JobProgress value)
    {
        lock (gate)
        {
            var restart = value.Completed == 0 && !value.Finished;
            if (restart || !stages.TryGetValue(value.Stage, out var stage))
            {
                stage = new StageLines();
                stages[value.Stage] = stage;
            }
            else if (stage.Finished)
            {
                // A late report of a parallel stage (bootstrap blocks) after its last one.
                return;
            }

            var now = DateTimeOffset.UtcNow;
            bool write;
            if (value.Finished)
            {
                write = true;
                stage.Finished = true;
            }
            else if (value.Fraction is { } fraction)
            {
                var quarter = (int)Math.Floor(fraction * 4);
                write = restart || quarter > stage.Quarter;
                stage.Quarter = Math.Max(stage.Quarter, quarter);
            }
            else
            {
                write = stage.LastLine is not { } last || now - last >= StreamingInterval;
            }

            if (write)
            {
                stage.LastLine = now;
                error.WriteLine($"banditserve-offline: {Format(value)}");
            }
        }
    }

    public override void Note(string message)
    {
        lock (gate)
        {
            error.WriteLine($"banditserve-offline: {message}");
        }
    }

    /// <summary><c>bootstrap: 500/1000 resamples (50%)</c>, or <c>reading logs: 120000 rows</c> without a total.</summary>
    public static string Format(JobProgress value) => value.Fraction is { } fraction
        ? string.Create(CultureInfo.InvariantCulture, $"{value.Stage}: {value.Completed}/{value.Total} {value.Unit} ({fraction * 100:0}%)")
        : string.Create(CultureInfo.InvariantCulture, $"{value.Stage}: {value.Completed} {value.Unit}{(value.Finished ? " (done)" : string.Empty)}");

    private sealed class StageLines
    {
        public int Quarter { get; set; }

        public DateTimeOffset? LastLine { get; set; }

        public bool Finished { get; set; }
    }
}
