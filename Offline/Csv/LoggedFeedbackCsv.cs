using System.Globalization;
using BanditServe.Offline.Logs;
using BanditServe.Offline.Progress;

namespace BanditServe.Offline.Csv;

/// <summary>
/// Reads the logged-feedback CSV of API.md: header <c>round,position,action,reward,pscore</c> plus optional
/// context columns <c>x0,x1,…</c> (contiguous from x0); other columns are ignored.
/// </summary>
public static class LoggedFeedbackCsv
{
    /// <summary>Reads the file at <paramref name="path"/>, reporting the rows read to <paramref name="progress"/> (may be null).</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the message names line and column.</exception>
    public static LoggedFeedback ReadFile(string path, IProgress<JobProgress>? progress = null)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path, progress);
    }

    /// <summary>Reads logged feedback from <paramref name="reader"/>, streamed line by line.</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the message names line and column.</exception>
    /// <param name="reader">The CSV text.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <param name="progress">Receives the rows read (stage <see cref="JobStages.ReadingLogs"/>); may be null.</param>
    public static LoggedFeedback Read(TextReader reader, string source, IProgress<JobProgress>? progress = null)
    {
        var csv = new CsvRecordReader(reader, source);
        var roundColumn = csv.RequireColumn("round");
        var positionColumn = csv.RequireColumn("position");
        var actionColumn = csv.RequireColumn("action");
        var rewardColumn = csv.RequireColumn("reward");
        var pscoreColumn = csv.RequireColumn("pscore");
        var contextColumns = ContextColumns(csv);

        var rounds = new List<string>();
        var positions = new List<int>();
        var actions = new List<string>();
        var rewards = new List<double>();
        var propensities = new List<double>();
        var contexts = new List<double>();
        var lines = new List<long>();
        var seen = new HashSet<RoundPosition>();
        while (csv.ReadRecord())
        {
            var round = csv.Text(roundColumn);
            var position = csv.NonNegativeInteger(positionColumn);
            if (!seen.Add(new RoundPosition(round, position)))
            {
                throw csv.Error(positionColumn, $"round '{round}' position {position} is logged twice.");
            }

            var pscore = csv.Number(pscoreColumn);
            if (!(pscore > 0 && pscore <= 1))
            {
                throw csv.Error(pscoreColumn, $"{pscore.ToString(CultureInfo.InvariantCulture)} is not a probability in (0, 1]; estimators divide by it.");
            }

            rounds.Add(round);
            positions.Add(position);
            actions.Add(csv.Text(actionColumn));
            rewards.Add(csv.Number(rewardColumn));
            propensities.Add(pscore);
            foreach (var column in contextColumns)
            {
                contexts.Add(csv.Number(column));
            }

            lines.Add(csv.LineNumber);
            if (rounds.Count % JobProgress.RowReportInterval == 0)
            {
                progress?.Report(new JobProgress(JobStages.ReadingLogs, "rows", rounds.Count, 0));
            }
        }

        if (rounds.Count == 0)
        {
            throw new CsvFormatException(source, csv.LineNumber, null, "no logged rows after the header.");
        }

        progress.Finish(JobStages.ReadingLogs, "rows", rounds.Count, rounds.Count);
        return new LoggedFeedback(
            [.. rounds], [.. positions], [.. actions], [.. rewards], [.. propensities], [.. contexts], contextColumns.Length, [.. lines]);
    }

    private static int[] ContextColumns(CsvRecordReader csv)
    {
        var contextCount = csv.Header.Count(IsContextColumn);
        var columns = new int[contextCount];
        for (var c = 0; c < contextCount; c++)
        {
            var index = csv.OptionalColumn($"x{c.ToString(CultureInfo.InvariantCulture)}");
            if (index < 0)
            {
                throw new CsvFormatException(csv.Source, 1, null, $"context columns must be x0..x{contextCount - 1} without gaps; x{c} is missing.");
            }

            columns[c] = index;
        }

        return columns;
    }

    private static bool IsContextColumn(string name) =>
        name.Length > 1 && name[0] == 'x' && name.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
