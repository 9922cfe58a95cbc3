namespace BanditServe.Bandits.Recovering;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seedable generator whose stream is fixed by
/// definition, so schedules derived from it are reproducible across runtimes and restarts.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, bound) by rejection, without modulo bias.</summary>
    public int NextBelow(int bound)
    {
        ulong limit = ulong.MaxValue - (ulong.MaxValue % (ulong)bound);
        ulong x;
        do
        {
            x = Next();
        }
        while (x >= limit);

        return (int)(x % (ulong)bound);
    }

    /// <summary>A generator for one (seed, period) pair: the same pair always gives the same stream.</summary>
    public static SplitMix64 ForPeriod(ulong seed, long period)
    {
        var mixer = new SplitMix64(seed ^ ((ulong)period * 0xD1B54A32D192ED03UL));
        return new SplitMix64(mixer.Next());
    }
}
