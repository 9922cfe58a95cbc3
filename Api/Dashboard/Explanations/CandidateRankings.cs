using System.Collections.Concurrent;
using System.Diagnostics;
using BanditServe.Api.Surfaces;
using BanditServe.Bandits;

namespace BanditServe.Api.Dashboard.Explanations;

/// <summary>
/// Scores every candidate of an explained decision with the live Diag-LinUCB model and orders them, so
/// an operator sees what the placed items beat. Results are cached per decision until the model
/// version changes and for at least <see cref="MinimumReuse"/>, like <see cref="Views.ItemSummaries"/>.
/// </summary>
/// <remarks>
/// Rank keeps no terms of the candidates it did not place (scoring them twice would double its cost), so
/// they are computed here, when asked for, from one consistent export of the model: in float64 from its
/// statistics, <c>θ_c = b_c/(ridge + s_c)</c> and <c>x_c²/(ridge + s_c)</c> (ALGORITHMS.md 2.3). The export
/// holds the model's writer lock for its duration, so a large catalog's result is reused ten times as
/// long as it took to compute, which keeps learning unblocked at least nine tenths of the time.
/// </remarks>
public sealed class CandidateRankings(TimeProvider time)
{
    /// <summary>The most candidates one explanation lists (the query's <c>top</c>); placed items come on top of these.</summary>
    public const int MaxTop = 1000;

    /// <summary>The shortest time a computed ranking is reused, even when the model changed meanwhile.</summary>
    public static readonly TimeSpan MinimumReuse = TimeSpan.FromSeconds(1);

    /// <summary>Decisions whose rankings are cached at once (each holds at most <see cref="MaxTop"/> rows plus its placed items).</summary>
    private const int CachedDecisions = 64;

    /// <summary>Keyed by the decision's time and source too: an event id may be reused after its window, and a log copy scores another candidate set.</summary>
    private readonly ConcurrentDictionary<(string Surface, string EventId, DateTimeOffset At, string Source), CachedRanking> _cache = new();

    /// <summary>The decision's candidates by score; null (with the reason) on schedules or when the context cannot be scored.</summary>
    internal (CandidateRankingResponse? Ranking, string? Note) Rank(SurfaceRuntime runtime, ExplainedDecision decision, int top)
    {
        if (runtime.Linear is not { } model || decision.CandidateSet is not { } candidateSet)
        {
            return (null, null);
        }

        if (decision.Context is not { } context || context.Dimension != model.Dimension)
        {
            return (null, $"the decision's context does not fit the surface's dimension {model.Dimension} (re-created since?): its candidates cannot be scored");
        }

        var now = time.GetUtcNow();
        var key = (runtime.Id, decision.EventId, decision.At, decision.Source);
        Ranking ranking;
        if (_cache.TryGetValue(key, out var cached) && ReferenceEquals(cached.Model, model)
            && (cached.Ranking.ModelVersion == model.Version || now < cached.ReusableUntil))
        {
            ranking = cached.Ranking;
        }
        else
        {
            var started = Stopwatch.GetTimestamp();
            ranking = Score(model.Export(), context, candidateSet, decision.Items);
            var reuse = TimeSpan.FromTicks(Math.Max(MinimumReuse.Ticks, Stopwatch.GetElapsedTime(started).Ticks * 10));
            Keep(key, new CachedRanking(model, now, now + reuse, ranking));
        }

        return (ranking.ToResponse(decision, candidateSet, top), null);
    }

    private void Keep((string, string, DateTimeOffset, string) key, CachedRanking entry)
    {
        _cache[key] = entry;
        while (_cache.Count > CachedDecisions)
        {
            var oldest = _cache.MinBy(e => e.Value.ComputedAt);
            _cache.TryRemove(oldest);
        }
    }

    private static Ranking Score(SurfaceModelSnapshot snapshot, DecisionContext context, CandidateSet candidateSet, IReadOnlyList<ExplainedItemResponse> placed)
    {
        var placedIds = placed.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        var requested = candidateSet.Requested?.ToHashSet(StringComparer.Ordinal);
        var excluded = candidateSet.Excluded.ToHashSet(StringComparer.Ordinal);
        var unknown = candidateSet.Unknown.ToHashSet(StringComparer.Ordinal);
        var ridge = snapshot.Options.Ridge;
        var alpha = snapshot.Options.Alpha;

        var rows = new List<ScoredRow>(requested?.Count ?? snapshot.Items.Count);
        foreach (var item in snapshot.Items)
        {
            var isCandidate = placedIds.Contains(item.ItemId)
                || (requested is null
                    ? item.Active && !excluded.Contains(item.ItemId)
                    : requested.Contains(item.ItemId) && !excluded.Contains(item.ItemId) && !unknown.Contains(item.ItemId));
            if (isCandidate)
            {
                var (mean, variance) = Terms(item, context, ridge);
                var uncertainty = Math.Sqrt(Math.Max(0, variance));
                rows.Add(new ScoredRow(item.ItemId, mean, uncertainty, mean + (alpha * uncertainty)));
            }
        }

        // The order of rank's greedy branch: score descending, then item id ascending.
        rows.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore : string.CompareOrdinal(a.ItemId, b.ItemId));

        var head = rows.Take(MaxTop).ToArray();
        var placedRanks = new Dictionary<string, (int Rank, ScoredRow Row)>(StringComparer.Ordinal);
        for (var rank = 0; rank < rows.Count; rank++)
        {
            if (placedIds.Contains(rows[rank].ItemId))
            {
                placedRanks[rows[rank].ItemId] = (rank + 1, rows[rank]);
            }
        }

        return new Ranking(snapshot.ModelVersion, alpha, rows.Count, head, placedRanks);
    }

    /// <summary>
    /// Mean and variance of one item for the context: coordinates the item never saw are at the prior
    /// (θ = 0, precision = ridge); the others have precision <c>ridge + s</c> and <c>θ = b/precision</c>.
    /// </summary>
    private static (double Mean, double Variance) Terms(ItemSnapshot item, DecisionContext context, double ridge)
    {
        double mean = 0;
        double variance = 0;
        var k = 0;
        for (var j = 0; j < context.Indices.Length; j++)
        {
            var c = context.Indices[j];
            double x = context.Values[j];
            while (k < item.Indices.Length && item.Indices[k] < c)
            {
                k++;
            }

            var precision = ridge;
            double theta = 0;
            if (k < item.Indices.Length && item.Indices[k] == c)
            {
                precision = ridge + item.SumSquares[k];
                theta = item.SumRewards[k] / precision;
            }

            mean += x * theta;
            variance += x * x / precision;
        }

        return (mean, variance);
    }

    private readonly record struct ScoredRow(string ItemId, double Mean, double Uncertainty, double Score);

    private sealed record CachedRanking(SurfaceModel Model, DateTimeOffset ComputedAt, DateTimeOffset ReusableUntil, Ranking Ranking);

    private sealed record Ranking(long ModelVersion, double Alpha, int Total, ScoredRow[] Head, Dictionary<string, (int Rank, ScoredRow Row)> Placed)
    {
        public CandidateRankingResponse ToResponse(ExplainedDecision decision, CandidateSet candidateSet, int top)
        {
            var placedBy = decision.Items.ToDictionary(i => i.ItemId, StringComparer.Ordinal);
            var listed = new List<RankedCandidateResponse>(Math.Min(top, Head.Length) + placedBy.Count);
            for (var i = 0; i < Math.Min(top, Head.Length); i++)
            {
                listed.Add(Row(Head[i], i + 1, placedBy));
            }

            // Placed items below the top, in rank order, then any the model no longer has.
            foreach (var (rank, row) in Placed.Values.Where(p => p.Rank > top).OrderBy(p => p.Rank))
            {
                listed.Add(Row(row, rank, placedBy));
            }

            foreach (var item in decision.Items.Where(i => !Placed.ContainsKey(i.ItemId)))
            {
                listed.Add(new RankedCandidateResponse(item.ItemId, null, null, null, null, null, item.Slot, item.Explored, item.Score));
            }

            return new CandidateRankingResponse(
                ModelVersion, true, ModelVersion == decision.ModelVersion, Alpha, candidateSet.Source, candidateSet.Known, Total, top, listed);
        }

        private RankedCandidateResponse Row(ScoredRow row, int rank, Dictionary<string, ExplainedItemResponse> placedBy) =>
            placedBy.TryGetValue(row.ItemId, out var placed)
                ? new RankedCandidateResponse(row.ItemId, rank, row.Mean, row.Uncertainty, Alpha * row.Uncertainty, row.Score, placed.Slot, placed.Explored, placed.Score)
                : new RankedCandidateResponse(row.ItemId, rank, row.Mean, row.Uncertainty, Alpha * row.Uncertainty, row.Score, null, null, null);
    }
}
