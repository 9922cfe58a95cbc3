using System.Diagnostics;

namespace BanditServe.EndToEnd.Tests.Reliability;

/// <summary>Request latencies of one phase and their percentiles (nearest rank).</summary>
public sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public async Task<T> TimeAsync<T>(Func<Task<T>> request)
    {
        var watch = Stopwatch.StartNew();
        var result = await request();
        lock (_milliseconds)
        {
            _milliseconds.Add(watch.Elapsed.TotalMilliseconds);
        }

        return result;
    }

    public double Percentile(double p)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _milliseconds.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"n={Count} p50={Percentile(50):0.00} ms p99={Percentile(99):0.00} ms max={Percentile(100):0.00} ms");
}
