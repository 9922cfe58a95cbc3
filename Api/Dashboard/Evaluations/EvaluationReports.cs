using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BanditServe.Api.Dashboard.Evaluations;

/// <summary>
/// The latest uploaded offline evaluation reports per surface, in memory only (newest first, at most
/// <see cref="DashboardOptions.EvaluationReportsPerSurface"/>): reports are reproducible from the
/// decision log with the offline CLI, so losing them on restart loses nothing.
/// </summary>
public sealed class EvaluationReports(IOptions<DashboardOptions> options)
{
    private readonly int _perSurface = options.Value.EvaluationReportsPerSurface;
    private readonly ConcurrentDictionary<string, LinkedList<EvaluationReportResponse>> _bySurface = new(StringComparer.Ordinal);

    public void Add(EvaluationReportResponse report)
    {
        var reports = _bySurface.GetOrAdd(report.Surface, _ => new LinkedList<EvaluationReportResponse>());
        lock (reports)
        {
            reports.AddFirst(report);
            while (reports.Count > _perSurface)
            {
                reports.RemoveLast();
            }
        }
    }

    /// <summary>The kept reports of a surface, newest first.</summary>
    public IReadOnlyList<EvaluationReportResponse> Of(string surface)
    {
        if (!_bySurface.TryGetValue(surface, out var reports))
        {
            return [];
        }

        lock (reports)
        {
            return [.. reports];
        }
    }
}
