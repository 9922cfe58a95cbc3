namespace BanditServe.Storage.Tests.Checkpoints;

public sealed class ChunkedMemoryStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 5)]
    public void Gives_back_exactly_what_was_written_in_pieces_of_any_size(int total)
    {
        var random = new Random(total);
        var expected = new byte[total];
        random.NextBytes(expected);
        using var stream = new ChunkedMemoryStream();

        // Pieces from empty to past a chunk, so writes end exactly at, just before and across chunk ends.
        for (int at = 0; at < total;)
        {
            int piece = Math.Min(total - at, random.Next(4) switch { 0 => 0, 1 => random.Next(1, 100), 2 => (1 << 20) - (at % (1 << 20)), _ => random.Next(1, 3 << 20) });
            stream.Write(expected, at, piece);
            at += piece;
        }

        Assert.Equal(total, stream.Length);
        Assert.Equal(expected, stream.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1 << 20)]
    [InlineData((3 << 20) + 5)]
    public void Reads_back_what_was_written_in_reads_of_any_size_and_after_a_seek(int total)
    {
        var random = new Random(total + 1);
        var expected = new byte[total];
        random.NextBytes(expected);
        using var stream = new ChunkedMemoryStream();
        stream.Write(expected);

        using var reader = stream.OpenRead();
        // One byte of room past the end, so a read may ask for more than is left.
        var read = new byte[total + 1];
        int at = 0;
        while (true)
        {
            // Reads end at, just before and across chunk ends.
            int asked = random.Next(3) switch { 0 => random.Next(1, 100), 1 => (1 << 20) - (at % (1 << 20)), _ => random.Next(1, 3 << 20) };
            int got = reader.Read(read, at, Math.Min(asked, total - at + 1));
            if (got == 0)
            {
                break;
            }

            at += got;
        }

        Assert.Equal(total, at);
        Assert.Equal(expected, read[..total]);
        Assert.True(reader.CanSeek);
        Assert.Equal(total, reader.Length);

        reader.Seek(-Math.Min(total, 7), SeekOrigin.End);
        var tail = new byte[16];
        Assert.Equal(Math.Min(total, 7), reader.Read(tail));
        Assert.Equal(expected[^Math.Min(total, 7)..], tail[..Math.Min(total, 7)]);

        reader.Position = 0;
        var copy = new MemoryStream();
        reader.CopyTo(copy);
        Assert.Equal(expected, copy.ToArray());
    }
}
