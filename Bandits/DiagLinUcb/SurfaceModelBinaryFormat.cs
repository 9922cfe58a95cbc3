using System.Buffers.Binary;
using System.Text;

namespace BanditServe.Bandits;

/// <summary>
/// The checkpoint encoding of a <see cref="SurfaceModelSnapshot"/>: little-endian, doubles bit-exact.
/// </summary>
/// <remarks>
/// Byte map, format 1:
/// <code>
/// "BSDL" magic (4) | format u16 = 1 | dimension i32 | alpha, epsilon, ridge, forgetting f64×4
/// | modelVersion i64 | itemCount i32
/// per item: id (7-bit length-prefixed UTF-8) | flags u8 (1 active, 2 has lastShownAt)
///           | impressions i64 | rewardsApplied i64 | rewardSum f64 | [lastShownAt UTC ticks i64]
///           | n i32 | indices i32×n | sumSquares f64×n | sumRewards f64×n
/// </code>
/// To change the format: bump <see cref="FormatVersion"/>, keep reading every older version.
/// </remarks>
internal static class SurfaceModelBinaryFormat
{
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "BSDL"u8;

    /// <summary>Bytes before the first item.</summary>
    public const int HeaderLength = 4 + sizeof(ushort) + sizeof(int) + (4 * sizeof(double)) + sizeof(long) + sizeof(int);

    public static byte[] Write(SurfaceModelSnapshot snapshot)
    {
        long length = HeaderLength;
        foreach (ItemSnapshot item in snapshot.Items)
        {
            length += ItemLength(item.ItemId, item.LastShownAt is not null, item.Indices.Length);
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
        int at = WriteHeader(bytes, snapshot.Dimension, snapshot.Options, snapshot.ModelVersion, snapshot.Items.Count);
        foreach (ItemSnapshot item in snapshot.Items)
        {
            at += WriteItem(
                bytes.AsSpan(at), item.ItemId, item.Active, item.Impressions, item.RewardsApplied, item.RewardSum,
                item.LastShownAt?.UtcTicks, item.Indices, item.SumSquares, item.SumRewards);
        }

        return bytes;
    }

    /// <summary>The bytes <see cref="WriteItem"/> writes for an item.</summary>
    public static long ItemLength(string itemId, bool hasLastShown, int coordinates)
    {
        int idBytes = Encoding.UTF8.GetByteCount(itemId);
        return LengthPrefixBytes(idBytes) + idBytes + 1 + (3 * sizeof(long)) + (hasLastShown ? sizeof(long) : 0) + sizeof(int)
            + ((long)coordinates * (sizeof(int) + (2 * sizeof(double))));
    }

    /// <summary>Writes the header (<see cref="HeaderLength"/> bytes) at the start of <paramref name="destination"/>.</summary>
    public static int WriteHeader(Span<byte> destination, int dimension, DiagLinUcbOptions options, long modelVersion, int itemCount)
    {
        Magic.CopyTo(destination);
        int at = Magic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[at..], FormatVersion);
        at += sizeof(ushort);
        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], dimension);
        at += sizeof(int);
        foreach (double value in (ReadOnlySpan<double>)[options.Alpha, options.Epsilon, options.Ridge, options.Forgetting])
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[at..], value);
            at += sizeof(double);
        }

        BinaryPrimitives.WriteInt64LittleEndian(destination[at..], modelVersion);
        at += sizeof(long);
        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], itemCount);
        return at + sizeof(int);
    }

    /// <summary>
    /// Writes one item as <see cref="BinaryWriter"/> over UTF-8 did (its id with a 7-bit length prefix) at the start of
    /// <paramref name="destination"/>; returns the bytes written, <see cref="ItemLength"/>.
    /// </summary>
    public static int WriteItem(
        Span<byte> destination,
        string itemId,
        bool active,
        long impressions,
        long rewardsApplied,
        double rewardSum,
        long? lastShownTicks,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<double> sumSquares,
        ReadOnlySpan<double> sumRewards)
    {
        int at = 0;
        for (uint rest = (uint)Encoding.UTF8.GetByteCount(itemId); ; rest >>= 7)
        {
            if (rest < 0x80)
            {
                destination[at++] = (byte)rest;
                break;
            }

            destination[at++] = (byte)(rest | 0x80);
        }

        at += Encoding.UTF8.GetBytes(itemId, destination[at..]);
        destination[at++] = (byte)((active ? 1 : 0) | (lastShownTicks is null ? 0 : 2));
        BinaryPrimitives.WriteInt64LittleEndian(destination[at..], impressions);
        BinaryPrimitives.WriteInt64LittleEndian(destination[(at + 8)..], rewardsApplied);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[(at + 16)..], rewardSum);
        at += 3 * sizeof(long);
        if (lastShownTicks is { } ticks)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[at..], ticks);
            at += sizeof(long);
        }

        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], indices.Length);
        at += sizeof(int);
        foreach (int index in indices)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[at..], index);
            at += sizeof(int);
        }

        foreach (double value in sumSquares)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[at..], value);
            at += sizeof(double);
        }

        foreach (double value in sumRewards)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[at..], value);
            at += sizeof(double);
        }

        return at;
    }

    private static int LengthPrefixBytes(int value)
    {
        int bytes = 1;
        for (uint rest = (uint)value; rest >= 0x80; rest >>= 7)
        {
            bytes++;
        }

        return bytes;
    }

    public static SurfaceModelSnapshot Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length + sizeof(ushort) || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            ThrowHelper.InvalidData("not a BanditServe Diag-LinUCB checkpoint (bad magic).");
        }

        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            reader.ReadBytes(Magic.Length);
            ushort format = reader.ReadUInt16();
            if (format != FormatVersion)
            {
                ThrowHelper.InvalidData($"checkpoint format {format} is not supported (this build reads {FormatVersion}).");
            }

            int dimension = reader.ReadInt32();
            var options = new DiagLinUcbOptions(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            long modelVersion = reader.ReadInt64();
            int itemCount = reader.ReadInt32();
            CheckCount(itemCount, stream, 30);
            var items = new ItemSnapshot[itemCount];
            for (int i = 0; i < itemCount; i++)
            {
                string itemId = reader.ReadString();
                byte flags = reader.ReadByte();
                long impressions = reader.ReadInt64();
                long rewardsApplied = reader.ReadInt64();
                double rewardSum = reader.ReadDouble();
                DateTimeOffset? lastShownAt = (flags & 2) != 0 ? new DateTimeOffset(ReadTicks(reader), TimeSpan.Zero) : null;
                int count = reader.ReadInt32();
                CheckCount(count, stream, 20);
                var indices = new int[count];
                var sumSquares = new double[count];
                var sumRewards = new double[count];
                for (int k = 0; k < count; k++)
                {
                    indices[k] = reader.ReadInt32();
                }

                for (int k = 0; k < count; k++)
                {
                    sumSquares[k] = reader.ReadDouble();
                }

                for (int k = 0; k < count; k++)
                {
                    sumRewards[k] = reader.ReadDouble();
                }

                items[i] = new ItemSnapshot(itemId, (flags & 1) != 0, impressions, rewardsApplied, rewardSum, lastShownAt, indices, sumSquares, sumRewards);
            }

            if (stream.Position != stream.Length)
            {
                ThrowHelper.InvalidData("checkpoint has trailing bytes.");
            }

            return new SurfaceModelSnapshot(dimension, options, modelVersion, items);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("checkpoint is truncated.", e);
        }
    }

    private static long ReadTicks(BinaryReader reader)
    {
        long ticks = reader.ReadInt64();
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            ThrowHelper.InvalidData("checkpoint has an invalid lastShownAt.");
        }

        return ticks;
    }

    /// <summary>Refuses counts the remaining bytes cannot hold, so corrupt input cannot force a huge allocation.</summary>
    private static void CheckCount(int count, MemoryStream stream, int minimumBytesEach)
    {
        if (count < 0 || (long)count * minimumBytesEach > stream.Length - stream.Position)
        {
            ThrowHelper.InvalidData("checkpoint is truncated or corrupt (a count exceeds the data).");
        }
    }
}
