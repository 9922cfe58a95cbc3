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

    public static byte[] Write(SurfaceModelSnapshot snapshot)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(snapshot.Dimension);
            writer.Write(snapshot.Options.Alpha);
            writer.Write(snapshot.Options.Epsilon);
            writer.Write(snapshot.Options.Ridge);
            writer.Write(snapshot.Options.Forgetting);
            writer.Write(snapshot.ModelVersion);
            writer.Write(snapshot.Items.Count);
            foreach (ItemSnapshot item in snapshot.Items)
            {
                writer.Write(item.ItemId);
                writer.Write((byte)((item.Active ? 1 : 0) | (item.LastShownAt is null ? 0 : 2)));
                writer.Write(item.Impressions);
                writer.Write(item.RewardsApplied);
                writer.Write(item.RewardSum);
                if (item.LastShownAt is { } lastShownAt)
                {
                    writer.Write(lastShownAt.UtcTicks);
                }

                writer.Write(item.Indices.Length);
                foreach (int index in item.Indices)
                {
                    writer.Write(index);
                }

                foreach (double value in item.SumSquares)
                {
                    writer.Write(value);
                }

                foreach (double value in item.SumRewards)
                {
                    writer.Write(value);
                }
            }
        }

        return stream.ToArray();
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
