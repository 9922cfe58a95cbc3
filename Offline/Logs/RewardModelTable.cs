namespace BanditServe.Offline.Logs;

/// <summary>A given reward model q̂(x, a) per (round, position, action), read from a reward-model CSV.</summary>
public sealed class RewardModelTable
{
    private readonly Dictionary<(RoundPosition Key, string Action), double> predictions;

    /// <summary>Wraps the predictions (not copied).</summary>
    public RewardModelTable(Dictionary<(RoundPosition Key, string Action), double> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        this.predictions = predictions;
    }

    /// <summary>Number of predictions.</summary>
    public int Count => predictions.Count;

    /// <summary>q̂ of <paramref name="action"/> at <paramref name="key"/>, if given.</summary>
    public bool TryGet(RoundPosition key, string action, out double prediction) =>
        predictions.TryGetValue((key, action), out prediction);
}
