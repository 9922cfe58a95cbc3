namespace BanditServe.Bandits.Recovering;

/// <summary>
/// Upper concave envelope of {(0,0)} ∪ {(1/d, R(d)/d) : d = 1..d_max} (ALGORITHMS.md §3.3, §3.5),
/// ported from <c>hull_vertices</c> of <c>pp_reference.py</c> operation for operation so that plans match it bit for bit.
/// </summary>
internal static class UpperConcaveEnvelope
{
    /// <summary>A vertex is dropped only when it lies strictly below the chord by more than this (§3.6).</summary>
    private const double CrossTolerance = 1e-15;

    /// <summary>
    /// Vertices in increasing rate, starting at the origin, truncated at the envelope's maximum
    /// (ties go to the smaller rate). Collinear vertices are kept, so every integer period on a
    /// straight piece stays available for rounding (§3.3 step 4).
    /// </summary>
    /// <param name="rewardsByIdle">R(d) at index d−1.</param>
    public static EnvelopeVertex[] Build(ReadOnlySpan<double> rewardsByIdle)
    {
        var buffer = new EnvelopeVertex[rewardsByIdle.Length + 1];
        return buffer[..Build(rewardsByIdle, buffer)];
    }

    /// <summary>Same as <see cref="Build(ReadOnlySpan{double})"/> into a caller's buffer of at least d_max + 1 vertices; returns the vertex count.</summary>
    public static int Build(ReadOnlySpan<double> rewardsByIdle, Span<EnvelopeVertex> hull)
    {
        int maxIdle = rewardsByIdle.Length;
        hull[0] = new EnvelopeVertex(0.0, 0.0, 0);
        int count = 1;

        // Rates 1/d increase as d decreases, so the points arrive already sorted.
        for (int d = maxIdle; d >= 1; d--)
        {
            var point = new EnvelopeVertex(1.0 / d, rewardsByIdle[d - 1] / d, d);
            while (count >= 2)
            {
                EnvelopeVertex a = hull[count - 2];
                EnvelopeVertex b = hull[count - 1];
                double cross = ((b.Rate - a.Rate) * (point.Value - a.Value)) - ((b.Value - a.Value) * (point.Rate - a.Rate));
                if (cross > CrossTolerance)
                {
                    count--;
                }
                else
                {
                    break;
                }
            }

            hull[count++] = point;
        }

        // Non-positive slopes never help: keep the first vertex of maximal value.
        int best = 0;
        for (int k = 1; k < count; k++)
        {
            if (hull[k].Value > hull[best].Value)
            {
                best = k;
            }
        }

        return best + 1;
    }
}
