namespace BanditServe.LoadTests.Profiles;

/// <summary>
/// The intended send times of an open-model run: arrival <c>n</c> (0-based) is due when the
/// integral of the rate profile first reaches <c>n</c>. Requests are timed from these instants,
/// not from when they were actually sent, so a slow server cannot hide its stalls
/// (no coordinated omission).
/// </summary>
public sealed class ArrivalSchedule
{
    private readonly RateStage[] _stages;
    private readonly double[] _arrivalsBefore;
    private readonly TimeSpan[] _stageStarts;

    public ArrivalSchedule(IReadOnlyList<RateStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0)
        {
            throw new ArgumentException("an open-model schedule needs at least one stage", nameof(stages));
        }

        _stages = [.. stages];
        _arrivalsBefore = new double[_stages.Length + 1];
        _stageStarts = new TimeSpan[_stages.Length + 1];
        for (var i = 0; i < _stages.Length; i++)
        {
            _arrivalsBefore[i + 1] = _arrivalsBefore[i] + _stages[i].Arrivals;
            _stageStarts[i + 1] = _stageStarts[i] + _stages[i].Duration;
        }
    }

    /// <summary>Total length of the profile.</summary>
    public TimeSpan Duration => _stageStarts[^1];

    /// <summary>How many arrivals the whole profile produces.</summary>
    public long TotalArrivals => (long)Math.Floor(_arrivalsBefore[^1] + 1e-9);

    /// <summary>The rate (requests per second) the profile asks for at <paramref name="elapsed"/>.</summary>
    public double RateAt(TimeSpan elapsed)
    {
        for (var i = 0; i < _stages.Length; i++)
        {
            if (elapsed < _stageStarts[i + 1])
            {
                var fraction = (elapsed - _stageStarts[i]) / _stages[i].Duration;
                return _stages[i].StartRate + ((_stages[i].EndRate - _stages[i].StartRate) * fraction);
            }
        }

        return 0;
    }

    /// <summary>
    /// The offset from the run's start at which arrival <paramref name="index"/> is due;
    /// false once the profile has no more arrivals.
    /// </summary>
    public bool TryGetIntendedOffset(long index, out TimeSpan offset)
    {
        // Arrival n is due when the cumulative count reaches n (so arrival 0 is due at t = 0).
        double target = index;
        for (var i = 0; i < _stages.Length; i++)
        {
            if (target < _arrivalsBefore[i + 1] - 1e-9)
            {
                var within = target - _arrivalsBefore[i];
                offset = _stageStarts[i] + TimeSpan.FromSeconds(SolveWithinStage(_stages[i], within));
                return true;
            }
        }

        offset = default;
        return false;
    }

    // Cumulative arrivals within a stage: N(t) = r0 t + (r1 - r0) t² / (2T); solve N(t) = n for t.
    private static double SolveWithinStage(RateStage stage, double arrivals)
    {
        var seconds = stage.Duration.TotalSeconds;
        var r0 = stage.StartRate;
        var slope = (stage.EndRate - r0) / seconds;
        if (Math.Abs(slope) < 1e-12)
        {
            return arrivals / r0;
        }

        // slope/2 t² + r0 t - n = 0, the root in [0, T].
        var discriminant = (r0 * r0) + (2 * slope * arrivals);
        var t = (-r0 + Math.Sqrt(Math.Max(0, discriminant))) / slope;
        return Math.Clamp(t, 0, seconds);
    }
}
