using System.Buffers;

namespace BanditServe.Storage;

/// <summary>
/// A write-only stream that keeps what it is given in pooled 1 MB chunks and gives it back as one array of exactly its
/// length: a join state of tens of MB written into a <see cref="MemoryStream"/> would be copied into a doubling buffer
/// (about three times its size in fresh large arrays) before the last copy. Not thread-safe.
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
}
