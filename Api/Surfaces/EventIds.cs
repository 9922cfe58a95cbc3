using System.Buffers.Binary;
using System.Security.Cryptography;

namespace BanditServe.Api.Surfaces;

/// <summary>
/// Server-assigned event ids: version 7 UUIDs (RFC 9562: 48-bit Unix milliseconds, then 74 random bits), in the
/// same text form as <c>Guid.CreateVersion7().ToString()</c>.
/// </summary>
/// <remarks>
/// <c>Guid.CreateVersion7</c> asks the operating system for ten random bytes per id: one system call per rank, and on
/// a virtual machine a system call is dear (about 2 % of a loaded rank server's CPU went there). The random bits here
/// are still cryptographically random, drawn a few kilobytes at a time into a per-thread buffer.
/// </remarks>
public static class EventIds
{
    private const int RandomBytesPerId = 10;
    private const int IdsPerRefill = 400;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    /// <summary>A new version 7 UUID for <paramref name="at"/>, as 36 lower-case characters with hyphens.</summary>
    public static string NewVersion7(DateTimeOffset at) => NewVersion7Guid(at).ToString();

    private static Guid NewVersion7Guid(DateTimeOffset at)
    {
        var milliseconds = at.ToUnixTimeMilliseconds();
        if (milliseconds is < 0 or >= 1L << 48)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, "a version 7 UUID holds milliseconds since 1970 in 48 bits");
        }

        var random = t_random;
        if (random is null || t_used + RandomBytesPerId > random.Length)
        {
            random ??= t_random = new byte[RandomBytesPerId * IdsPerRefill];
            RandomNumberGenerator.Fill(random);
            t_used = 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes[..8], milliseconds << 16);
        var bits = random.AsSpan(t_used, RandomBytesPerId);
        bytes[6] = (byte)(0x70 | (bits[0] & 0x0F));
        bytes[7] = bits[1];
        bytes[8] = (byte)(0x80 | (bits[2] & 0x3F));
        bits[3..].CopyTo(bytes[9..]);

        // Each random byte serves one id only.
        bits.Clear();
        t_used += RandomBytesPerId;
        return new Guid(bytes, bigEndian: true);
    }
}
