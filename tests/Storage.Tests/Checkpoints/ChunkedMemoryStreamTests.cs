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
}
