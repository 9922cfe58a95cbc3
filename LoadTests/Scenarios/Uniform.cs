namespace BanditServe.LoadTests.Scenarios;

/// <summary>
/// Deterministic uniform numbers from (seed, sequence, stream) by SplitMix64: operations run
/// concurrently and must not share a <see cref="Random"/>, and a run is reproducible given its seed.
/// </summary>
public static class Uniform
{
    public static ulong Hash(long seed, long sequence, int stream)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ unchecked((ulong)sequence * 0xBF58476D1CE4E5B9UL) ^ ((ulong)(uint)stream << 32);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A double in [0, 1).</summary>
    public static double Next(long seed, long sequence, int stream) => (Hash(seed, sequence, stream) >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="count"/>).</summary>
    public static int Below(long seed, long sequence, int stream, int count) => (int)(Hash(seed, sequence, stream) % (ulong)count);
}
