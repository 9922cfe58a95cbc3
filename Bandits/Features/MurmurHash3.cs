using System.Buffers.Binary;
using System.Numerics;

namespace BanditServe.Bandits;

/// <summary>MurmurHash3 x86 32-bit (Austin Appleby, public domain), used to hash feature names.</summary>
public static class MurmurHash3
{
    private const uint C1 = 0xcc9e2d51;
    private const uint C2 = 0x1b873593;

    /// <summary>Hashes <paramref name="data"/> exactly as the reference <c>MurmurHash3_x86_32</c>.</summary>
    /// <param name="data">The bytes to hash (feature names are hashed as UTF-8).</param>
    /// <param name="seed">The seed; the external contract uses 0.</param>
    /// <returns>The 32-bit hash.</returns>
    /// <remarks>Blocks are read little-endian on every architecture, as the reference does on x86.</remarks>
    public static uint Hash32(ReadOnlySpan<byte> data, uint seed = 0)
    {
        uint h = seed;
        int blockCount = data.Length / 4;
        for (int i = 0; i < blockCount; i++)
        {
            uint k = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i * 4, 4));
            k *= C1;
            k = BitOperations.RotateLeft(k, 15);
            k *= C2;
            h ^= k;
            h = BitOperations.RotateLeft(h, 13);
            h = (h * 5) + 0xe6546b64;
        }

        ReadOnlySpan<byte> tail = data[(blockCount * 4)..];
        uint k1 = 0;
        switch (tail.Length)
        {
            case 3:
                k1 ^= (uint)tail[2] << 16;
                goto case 2;
            case 2:
                k1 ^= (uint)tail[1] << 8;
                goto case 1;
            case 1:
                k1 ^= tail[0];
                k1 *= C1;
                k1 = BitOperations.RotateLeft(k1, 15);
                k1 *= C2;
                h ^= k1;
                break;
        }

        h ^= (uint)data.Length;
        return FinalMix(h);
    }

    private static uint FinalMix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return h;
    }
}
