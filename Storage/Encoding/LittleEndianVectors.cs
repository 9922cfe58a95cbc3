using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace BanditServe.Storage;

/// <summary>Compact little-endian byte encodings of float and int vectors (4 bytes per element) for blob columns.</summary>
internal static class LittleEndianVectors
{
    public static byte[] FromFloats(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
            }
        }

        return bytes;
    }

    public static float[] ToFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[CountElements(bytes)];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }

        return values;
    }

    public static byte[] FromInts(ReadOnlySpan<int> values)
    {
        var bytes = new byte[values.Length * sizeof(int)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
            }
        }

        return bytes;
    }

    public static int[] ToInts(ReadOnlySpan<byte> bytes)
    {
        var values = new int[CountElements(bytes)];
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * sizeof(int))..]);
            }
        }

        return values;
    }

    private static int CountElements(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 4 != 0)
        {
            throw new InvalidDataException($"A stored vector has {bytes.Length} bytes, not a multiple of 4.");
        }

        return bytes.Length / 4;
    }
}
