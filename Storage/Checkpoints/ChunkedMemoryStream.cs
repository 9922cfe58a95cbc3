using System.Buffers;

namespace BanditServe.Storage;

/// <summary>
/// A write-only stream that keeps what it is given in pooled 1 MB chunks and gives it back as one array of exactly its
/// length, or as a stream to read (<see cref="OpenRead"/>): a join state of tens of MB written into a
/// <see cref="MemoryStream"/> would be copied into a doubling buffer (about three times its size in fresh large arrays)
/// before the last copy. Not thread-safe.
/// </summary>
internal sealed class ChunkedMemoryStream : Stream
{
    private const int ChunkLength = 1 << 20;

    private readonly List<byte[]> _chunks = [];
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int used = (int)(_length % ChunkLength);
            if (used == 0 && _length / ChunkLength == _chunks.Count)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkLength));
            }

            int take = Math.Min(buffer.Length, ChunkLength - used);
            buffer[..take].CopyTo(_chunks[^1].AsSpan(used));
            _length += take;
            buffer = buffer[take..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Everything written, in one array of exactly <see cref="Length"/> bytes.</summary>
    public byte[] ToArray()
    {
        byte[] result = GC.AllocateUninitializedArray<byte>(checked((int)_length));
        for (int i = 0; i < _chunks.Count; i++)
        {
            int at = i * ChunkLength;
            _chunks[i].AsSpan(0, (int)Math.Min(ChunkLength, _length - at)).CopyTo(result.AsSpan(at));
        }

        return result;
    }

    /// <summary>
    /// A seekable stream reading what was written from the start, over the chunks themselves (no copy); valid until this
    /// stream is disposed or written to again.
    /// </summary>
    public Stream OpenRead() => new ChunkReader(this);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        foreach (byte[] chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        base.Dispose(disposing);
    }

    /// <summary>Reads a <see cref="ChunkedMemoryStream"/>'s bytes in order.</summary>
    private sealed class ChunkReader(ChunkedMemoryStream source) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => source._length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "the position cannot be negative");
        }

        public override int Read(Span<byte> buffer)
        {
            int read = 0;
            while (read < buffer.Length && _position < source._length)
            {
                int used = (int)(_position % ChunkLength);
                int take = (int)Math.Min(Math.Min(buffer.Length - read, ChunkLength - used), source._length - _position);
                source._chunks[(int)(_position / ChunkLength)].AsSpan(used, take).CopyTo(buffer[read..]);
                read += take;
                _position += take;
            }

            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                SeekOrigin.End => source._length + offset,
                _ => throw new ArgumentOutOfRangeException(nameof(origin)),
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
