using BanditServe.Bandits.Scoring;

namespace BanditServe.Bandits;

/// <summary>
/// Where placement finds a chosen candidate's mean, variance and score: in the arrays the CPU scorer
/// filled (indexed by candidate position), or, where a batch scorer kept only each request's best or
/// the CPU scan pruned the row, computed again for that one row on the CPU.
/// </summary>
internal readonly struct PlacementScores
{
    private readonly float[]? _means;
    private readonly float[]? _variances;
    private readonly float[]? _scores;
    private readonly ScoringContext _context;
    private readonly float _alpha;

    public PlacementScores(float[]? means, float[]? variances, float[]? scores, ScoringContext context, float alpha)
    {
        _means = means;
        _variances = variances;
        _scores = scores;
        _context = context;
        _alpha = alpha;
    }

    /// <summary>The candidate's scores; a row the scan pruned (<see cref="UcbPruning.Pruned"/>, an exploration pick) is scored alone.</summary>
    public (float Mean, float Variance, float Score) At(SurfaceModel model, int[] items, int position)
        => _scores is null || _means![position] == UcbPruning.Pruned
            ? model.ScoreOneForPlacement(items[position], _context, _alpha)
            : (_means[position], _variances![position], _scores[position]);
}
