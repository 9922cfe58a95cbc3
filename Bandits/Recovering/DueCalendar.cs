namespace BanditServe.Bandits.Recovering;

/// <summary>
/// Calendar of a periodic plan (ALGORITHMS.md §3.5): for each distinct period p one bucket per
/// residue t mod p, so the arms due in any period t are read in O(distinct periods + |due|)
/// instead of O(N), for past and future periods alike.
/// </summary>
internal sealed class DueCalendar
{
    private readonly int[] _distinctPeriods;

    // Per distinct period: CSR bucket starts (p + 1 entries) into the positions array.
    private readonly int[][] _bucketStarts;
    private readonly int[][] _bucketPositions;

    /// <param name="periods">Period of each plan position (≥ 1).</param>
    /// <param name="phases">Phase of each position in [0, period): due when t mod p = phase.</param>
    public DueCalendar(ReadOnlySpan<int> periods, ReadOnlySpan<int> phases)
    {
        _distinctPeriods = [.. periods.ToArray().Distinct().Order()];
        _bucketStarts = new int[_distinctPeriods.Length][];
        _bucketPositions = new int[_distinctPeriods.Length][];
        for (int k = 0; k < _distinctPeriods.Length; k++)
        {
            int p = _distinctPeriods[k];
            var starts = new int[p + 1];
            int members = 0;
            for (int position = 0; position < periods.Length; position++)
            {
                if (periods[position] == p)
                {
                    starts[phases[position] + 1]++;
                    members++;
                }
            }

            for (int r = 0; r < p; r++)
            {
                starts[r + 1] += starts[r];
            }

            var positions = new int[members];
            var fill = (int[])starts.Clone();
            for (int position = 0; position < periods.Length; position++)
            {
                if (periods[position] == p)
                {
                    positions[fill[phases[position]]++] = position;
                }
            }

            _bucketStarts[k] = starts;
            _bucketPositions[k] = positions;
        }
    }

    /// <summary>Plan positions due in period <paramref name="period"/>, ascending.</summary>
    public int[] Due(long period)
    {
        int count = 0;
        for (int k = 0; k < _distinctPeriods.Length; k++)
        {
            int r = FloorMod(period, _distinctPeriods[k]);
            count += _bucketStarts[k][r + 1] - _bucketStarts[k][r];
        }

        var due = new int[count];
        int next = 0;
        for (int k = 0; k < _distinctPeriods.Length; k++)
        {
            int r = FloorMod(period, _distinctPeriods[k]);
            int from = _bucketStarts[k][r];
            int length = _bucketStarts[k][r + 1] - from;
            Array.Copy(_bucketPositions[k], from, due, next, length);
            next += length;
        }

        Array.Sort(due);
        return due;
    }

    /// <summary>t mod p in [0, p), also for negative t.</summary>
    public static int FloorMod(long t, int p)
    {
        long r = t % p;
        return (int)(r < 0 ? r + p : r);
    }
}
