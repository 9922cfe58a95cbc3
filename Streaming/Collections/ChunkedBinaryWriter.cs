using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace BanditServe.Streaming.Collections;

/// <summary>
/// Writes what <see cref="BinaryWriter"/> over UTF-8 writes, byte for byte, into pooled chunks, and gives the result
/// as one array of exactly its length, or passes each full chunk on to a stream.
/// </summary>
/// <remarks>
/// Why: the reward join's checkpoint holds every decision of the reward window (tens of MB under load). Through a
/// <see cref="MemoryStream"/> it was written into buffers doubled up to twice its size and copied once more by
/// <see cref="MemoryStream.ToArray"/>, with a string per id on the way: about six bytes allocated per byte kept, on
/// the large object heap, every checkpoint. Here the chunks come from the shared pool and go back to it, strings are
/// encoded from spans, and the one array allocated is the result. Over a stream (a checkpoint file) not even that: one
/// chunk is filled, written and filled again, so no fresh memory is touched however large the state. Not thread-safe.
/// </remarks>
public sealed class ChunkedBinaryWriter : IDisposable
{
    private const int ChunkLength = 1 << 20;

    private readonly List<(byte[] Chunk, int Used)> _full = [];
    private readonly Stream? _destination;
    private byte[] _chunk = ArrayPool<byte>.Shared.Rent(ChunkLength);
    private int _used;
    private long _fullLength;

    /// <summary>A writer that keeps what it is given, for <see cref="ToArray"/>.</summary>
    public ChunkedBinaryWriter()
    {
    }

    /// <summary>
    /// A writer that writes each full chunk to <paramref name="destination"/> and reuses it. Call <see cref="Flush"/>
    /// after the last value; <see cref="ToArray"/> is not available.
    /// </summary>
    public ChunkedBinaryWriter(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _destination = destination;
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => _fullLength + _used;

    /// <summary>Like <see cref="BinaryWriter.Write(byte)"/>.</summary>
    public void Write(byte value) => Reserve(1)[0] = value;

    /// <summary>Like <see cref="BinaryWriter.Write(bool)"/>: one byte, 1 or 0.</summary>
    public void Write(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Like <see cref="BinaryWriter.Write(int)"/>: little-endian.</summary>
    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(sizeof(int)), value);

    /// <summary>Like <see cref="BinaryWriter.Write(uint)"/>: little-endian.</summary>
    public void Write(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(sizeof(uint)), value);

    /// <summary>Like <see cref="BinaryWriter.Write(long)"/>: little-endian.</summary>
    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(sizeof(long)), value);

    /// <summary>Like <see cref="BinaryWriter.Write(float)"/>: IEEE 754, little-endian.</summary>
    public void Write(float value) => BinaryPrimitives.WriteSingleLittleEndian(Reserve(sizeof(float)), value);

    /// <summary>Like <see cref="BinaryWriter.Write(double)"/>: IEEE 754, little-endian.</summary>
    public void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Reserve(sizeof(double)), value);

    /// <summary>
    /// Like <see cref="BinaryWriter.Write(string)"/> with UTF-8: the byte count as a 7-bit encoded integer, then the
    /// bytes (an unpaired surrogate becomes U+FFFD, as there).
    /// </summary>
    public void WriteString(ReadOnlySpan<char> value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        for (uint rest = (uint)byteCount; ; rest >>= 7)
        {
            if (rest < 0x80)
            {
                Write((byte)rest);
                break;
            }

            Write((byte)(rest | 0x80));
        }

        if (byteCount <= _chunk.Length - _used)
        {
            Encoding.UTF8.GetBytes(value, _chunk.AsSpan(_used));
            _used += byteCount;
            return;
        }

        // Longer than what is left of the chunk (a long id, rarely): encoded aside, then copied across chunks.
        byte[] encoded = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            Encoding.UTF8.GetBytes(value, encoded);
            Write(encoded.AsSpan(0, byteCount));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(encoded);
        }
    }

    /// <summary>Like <see cref="BinaryWriter.Write(ReadOnlySpan{byte})"/>: the bytes as they are.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_used == _chunk.Length)
            {
                NextChunk();
            }

            int take = Math.Min(bytes.Length, _chunk.Length - _used);
            bytes[..take].CopyTo(_chunk.AsSpan(_used));
            _used += take;
            bytes = bytes[take..];
        }
    }

    /// <summary>Like <see cref="BinaryWriter.Write(float)"/> for each value in turn.</summary>
    public void Write(ReadOnlySpan<float> values) => WriteLittleEndian(values);

    /// <summary>Like <see cref="BinaryWriter.Write(int)"/> for each value in turn.</summary>
    public void Write(ReadOnlySpan<int> values) => WriteLittleEndian(values);

    /// <summary>Everything written, in one array of exactly <see cref="Length"/> bytes.</summary>
    /// <exception cref="InvalidOperationException">More was written than one array can hold.</exception>
    /// <exception cref="InvalidOperationException">This writer writes to a stream.</exception>
    public byte[] ToArray()
    {
        if (_destination is not null)
        {
            throw new InvalidOperationException("this writer passed what it was given on to a stream");
        }

        long length = Length;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"{length} bytes were written, more than one array can hold");
        }

        byte[] result = GC.AllocateUninitializedArray<byte>((int)length);
        int at = 0;
        foreach (var (chunk, used) in _full)
        {
            chunk.AsSpan(0, used).CopyTo(result.AsSpan(at));
            at += used;
        }

        _chunk.AsSpan(0, _used).CopyTo(result.AsSpan(at));
        return result;
    }

    /// <summary>Writes what the current chunk holds to the stream given at construction.</summary>
    /// <exception cref="InvalidOperationException">This writer was made without a stream.</exception>
    public void Flush()
    {
        if (_destination is null)
        {
            throw new InvalidOperationException("this writer keeps what it is given; ToArray gives it");
        }

        ObjectDisposedException.ThrowIf(_chunk.Length == 0, this);
        WriteChunkToDestination(_destination);
    }

    /// <summary>Hands the chunks back to the pool.</summary>
    public void Dispose()
    {
        foreach (var (chunk, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _full.Clear();
        _fullLength = 0;
        if (_chunk.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = [];
        }

        _used = 0;
    }

    /// <summary>Each value's bytes, least significant first: the span as it is on little-endian machines.</summary>
    private void WriteLittleEndian<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            Write(MemoryMarshal.AsBytes(values));
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            var bytes = Reserve(Unsafe.SizeOf<T>());
            MemoryMarshal.AsBytes(values.Slice(i, 1)).CopyTo(bytes);
            bytes.Reverse();
        }
    }

    /// <summary>The next <paramref name="count"/> bytes (at most 8) of the current chunk, starting a new one when it is full.</summary>
    private Span<byte> Reserve(int count)
    {
        if (_chunk.Length - _used < count)
        {
            // Fixed-size values never straddle chunks: the few bytes left at the end of a chunk stay unused (and are
            // not copied out).
            NextChunk();
        }

        var span = _chunk.AsSpan(_used, count);
        _used += count;
        return span;
    }

    private void NextChunk()
    {
        ObjectDisposedException.ThrowIf(_chunk.Length == 0, this);
        if (_destination is not null)
        {
            WriteChunkToDestination(_destination);
            return;
        }

        _full.Add((_chunk, _used));
        _fullLength += _used;
        _chunk = ArrayPool<byte>.Shared.Rent(ChunkLength);
        _used = 0;
    }

    private void WriteChunkToDestination(Stream destination)
    {
        destination.Write(_chunk, 0, _used);
        _fullLength += _used;
        _used = 0;
    }
}
