namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// What <see cref="ExplainedItemResponse"/> says of a placed item, kept by value: a recorded decision holds
/// one array of these rather than one object per slot, and NaN stands for "no term" (schedules), so
/// each garbage collection has fewer and smaller objects to copy while the decision stays explainable.
/// </summary>
internal readonly record struct PlacedItemTerms(
    string ItemId,
    int Slot,
    bool Explored,
    double Score,
    double Propensity,
    double Mean,
    double Uncertainty)
{
    /// <summary>A scheduled item: no mean, uncertainty or exploration.</summary>
    public static PlacedItemTerms Scheduled(string itemId, int slot, double score, double propensity) =>
        new(itemId, slot, false, score, propensity, double.NaN, double.NaN);

    /// <summary>The response; the exploration bonus is <paramref name="alpha"/> times the uncertainty.</summary>
    public ExplainedItemResponse ToResponse(double? alpha)
    {
        double? mean = double.IsNaN(Mean) ? null : Mean;
        double? uncertainty = double.IsNaN(Uncertainty) ? null : Uncertainty;
        return new(ItemId, Slot, Score, Propensity, Explored, mean, uncertainty, alpha * uncertainty);
    }
}
