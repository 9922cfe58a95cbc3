namespace BanditServe.Offline.Logs;

/// <summary>Seeded assignment of logged rounds to K folds; rows of one round share a fold because they share a context.</summary>
internal static class RoundFolds
{
    /// <summary>The fold of each row; <paramref name="folds"/> is at most the number of distinct rounds.</summary>
    public static int[] Assign(LoggedFeedback logs, int requestedFolds, int seed, out int folds)
    {
        var rounds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var round in logs.Rounds)
        {
            rounds.TryAdd(round, rounds.Count);
        }

        folds = Math.Max(1, Math.Min(requestedFolds, rounds.Count));
        var order = Enumerable.Range(0, rounds.Count).ToArray();
        new Random(seed).Shuffle(order);
        var roundFold = new int[rounds.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            roundFold[order[rank]] = rank % folds;
        }

        var rowFold = new int[logs.Count];
        for (var i = 0; i < logs.Count; i++)
        {
            rowFold[i] = roundFold[rounds[logs.Rounds[i]]];
        }

        return rowFold;
    }
}
