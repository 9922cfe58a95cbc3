using BanditServe.Offline.Csv;
using BanditServe.Offline.Logs;

namespace BanditServe.Offline.Tests.Evaluation;

/// <summary>
/// The men-campaign sample of the Open Bandit Dataset (Saito et al., arXiv:2008.07146; Apache-2.0,
/// see Data/obd/README.md and LICENSE), converted to the generic logged-feedback CSV.
/// </summary>
internal static class OpenBanditDataset
{
    public const int MenItems = 34;

    public static string PathOf(string behaviorPolicy) =>
        Path.Combine(AppContext.BaseDirectory, "Data", "obd", $"{behaviorPolicy}-men.csv");

    public static LoggedFeedback Men(string behaviorPolicy) => LoggedFeedbackCsv.ReadFile(PathOf(behaviorPolicy));

    /// <summary>Uniform random choice among the 34 items at every logged (round, position).</summary>
    public static EvaluationPolicy UniformPolicy(LoggedFeedback logs)
    {
        var items = Enumerable.Range(0, MenItems).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var probabilities = Enumerable.Repeat(1.0 / MenItems, MenItems).ToArray();
        var distribution = new ActionDistribution(items, probabilities);
        var distributions = new Dictionary<RoundPosition, ActionDistribution>();
        for (var row = 0; row < logs.Count; row++)
        {
            distributions[logs.Key(row)] = distribution;
        }

        return new EvaluationPolicy(distributions);
    }
}
