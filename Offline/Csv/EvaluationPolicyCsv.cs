using System.Globalization;
using BanditServe.Offline.Logs;

namespace BanditServe.Offline.Csv;

/// <summary>
/// Reads the evaluation-policy CSV of API.md: header <c>round,position,action,prob</c>; rows with prob 0
/// may be omitted; per round and position the probabilities must sum to 1.
/// </summary>
public static class EvaluationPolicyCsv
{
    /// <summary>Tolerance on Σ prob = 1 per (round, position).</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the message names line and column.</exception>
    public static EvaluationPolicy ReadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads an evaluation policy from <paramref name="reader"/>, streamed line by line.</summary>
    /// <exception cref="CsvFormatException">The content is malformed; the message names line and column.</exception>
    public static EvaluationPolicy Read(TextReader reader, string source)
    {
        var csv = new CsvRecordReader(reader, source);
        var roundColumn = csv.RequireColumn("round");
        var positionColumn = csv.RequireColumn("position");
        var actionColumn = csv.RequireColumn("action");
        var probColumn = csv.RequireColumn("prob");

        var pending = new Dictionary<RoundPosition, (List<string> Actions, List<double> Probabilities, long FirstLine)>();
        while (csv.ReadRecord())
        {
            var key = new RoundPosition(csv.Text(roundColumn), csv.NonNegativeInteger(positionColumn));
            var action = csv.Text(actionColumn);
            var prob = csv.Number(probColumn);
            if (!(prob >= 0 && prob <= 1))
            {
                throw csv.Error(probColumn, $"{prob.ToString(CultureInfo.InvariantCulture)} is not a probability in [0, 1].");
            }

            if (!pending.TryGetValue(key, out var entry))
            {
                entry = ([], [], csv.LineNumber);
                pending.Add(key, entry);
            }

            if (entry.Actions.Contains(action, StringComparer.Ordinal))
            {
                throw csv.Error(actionColumn, $"action '{action}' is listed twice for {key}.");
            }

            entry.Actions.Add(action);
            entry.Probabilities.Add(prob);
        }

        if (pending.Count == 0)
        {
            throw new CsvFormatException(source, csv.LineNumber, null, "no policy rows after the header.");
        }

        var distributions = new Dictionary<RoundPosition, ActionDistribution>(pending.Count);
        foreach (var (key, (actions, probabilities, firstLine)) in pending)
        {
            var distribution = new ActionDistribution(actions, probabilities);
            if (Math.Abs(distribution.Total - 1) > SumTolerance)
            {
                throw new CsvFormatException(source, firstLine, "prob",
                    $"the probabilities of {key} sum to {distribution.Total.ToString("R", CultureInfo.InvariantCulture)}, not 1.");
            }

            distributions.Add(key, distribution);
        }

        return new EvaluationPolicy(distributions);
    }
}
