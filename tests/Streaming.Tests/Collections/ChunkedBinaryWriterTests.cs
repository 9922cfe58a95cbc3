using System.Text;
using BanditServe.Streaming.Collections;

namespace BanditServe.Streaming.Tests.Collections;

public sealed class ChunkedBinaryWriterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Writes_what_a_binary_writer_over_utf8_writes_across_many_chunks(bool toStream)
    {
        // About 3 MB of mixed values, so fixed-size values meet chunk ends and long strings and byte runs cross them.
        var random = new Random(11);
        using var expected = new MemoryStream();
        using var reference = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true);
        using var destination = new MemoryStream();
        using var writer = toStream ? new ChunkedBinaryWriter(destination) : new ChunkedBinaryWriter();
        while (expected.Length < 3_000_000)
        {
            switch (random.Next(11))
            {
                case 0:
                    byte b = (byte)random.Next(256);
                    reference.Write(b);
                    writer.Write(b);
                    break;
                case 1:
                    bool flag = random.Next(2) == 0;
                    reference.Write(flag);
                    writer.Write(flag);
                    break;
                case 2:
                    int i = random.Next(int.MinValue, int.MaxValue);
                    reference.Write(i);
                    writer.Write(i);
                    break;
                case 3:
                    uint u = (uint)random.NextInt64(0, uint.MaxValue + 1L);
                    reference.Write(u);
                    writer.Write(u);
                    break;
                case 4:
                    long l = random.NextInt64(long.MinValue, long.MaxValue);
                    reference.Write(l);
                    writer.Write(l);
                    break;
                case 5:
                    float f = random.Next(20) == 0 ? float.NaN : (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-40, 40)));
                    reference.Write(f);
                    writer.Write(f);
                    break;
                case 6:
                    double d = random.Next(20) == 0 ? double.NegativeInfinity : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300));
                    reference.Write(d);
                    writer.Write(d);
                    break;
                case 7:
                    string s = RandomString(random, random.Next(50) == 0 ? random.Next(100_000, 1_500_000) : random.Next(0, 300));
                    reference.Write(s);
                    writer.WriteString(s);
                    break;
                case 8:
                    byte[] bytes = new byte[random.Next(50) == 0 ? random.Next(1_000_000, 2_500_000) : random.Next(0, 100)];
                    random.NextBytes(bytes);
                    reference.Write(bytes);
                    writer.Write(bytes);
                    break;
                case 9:
                    float[] floats = [.. Enumerable.Range(0, random.Next(0, 70)).Select(_ => (float)random.NextDouble() - 0.5f)];
                    foreach (float value in floats)
                    {
                        reference.Write(value);
                    }

                    writer.Write(floats);
                    break;
                default:
                    int[] ints = [.. Enumerable.Range(0, random.Next(0, 70)).Select(_ => random.Next())];
                    foreach (int value in ints)
                    {
                        reference.Write(value);
                    }

                    writer.Write(ints);
                    break;
            }
        }

        reference.Flush();
        Assert.Equal(expected.Length, writer.Length);
        if (toStream)
        {
            // Only full chunks reach the stream before the flush.
            Assert.True(destination.Length < writer.Length);
            writer.Flush();
            Assert.Throws<InvalidOperationException>(() => writer.ToArray());
        }

        Assert.True(expected.ToArray().AsSpan().SequenceEqual(toStream ? destination.ToArray() : writer.ToArray()));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(3, false)]
    [InlineData(7, false)]
    [InlineData(1, true)]
    [InlineData(7, true)]
    public void Numbers_that_do_not_fit_the_rest_of_a_chunk_start_the_next_one_and_leave_no_gap(int leadingBytes, bool toStream)
    {
        // After the leading bytes, 8-byte values meet every chunk end at the same offset: one of these shifts leaves
        // bytes unused at the end of a chunk, which must not reach the result.
        using var expected = new MemoryStream();
        using var reference = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true);
        using var destination = new MemoryStream();
        using var writer = toStream ? new ChunkedBinaryWriter(destination) : new ChunkedBinaryWriter();
        for (int i = 0; i < leadingBytes; i++)
        {
            reference.Write((byte)i);
            writer.Write((byte)i);
        }

        for (long value = 0; value < 400_000; value++)
        {
            reference.Write(value * 7919);
            writer.Write(value * 7919);
            reference.Write((double)value);
            writer.Write((double)value);
        }

        reference.Flush();
        Assert.Equal(expected.Length, writer.Length);
        if (toStream)
        {
            // Only full chunks reach the stream before the flush.
            Assert.True(destination.Length < writer.Length);
            writer.Flush();
            Assert.Throws<InvalidOperationException>(() => writer.ToArray());
        }

        Assert.True(expected.ToArray().AsSpan().SequenceEqual(toStream ? destination.ToArray() : writer.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("item-00042")]
    [InlineData("ünïcödé ✓ 😀")]
    [InlineData("lone \ud800 high and \udc00 low surrogates")]
    public void Strings_get_the_binary_writers_length_prefix_and_bytes(string value)
    {
        using var expected = new MemoryStream();
        using (var reference = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        {
            reference.Write(value);
        }

        using var writer = new ChunkedBinaryWriter();
        writer.WriteString(value);

        Assert.Equal(expected.ToArray(), writer.ToArray());
        using var reader = new BinaryReader(new MemoryStream(writer.ToArray()), Encoding.UTF8);
        Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value)), reader.ReadString());
    }

    [Fact]
    public void An_empty_writer_gives_an_empty_array_and_a_disposed_one_refuses_more()
    {
        var writer = new ChunkedBinaryWriter();
        Assert.Empty(writer.ToArray());
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.Write(new byte[10]));
    }

    private static string RandomString(Random random, int length)
    {
        // Mostly ASCII ids, with some two-, three- and four-byte characters.
        var chars = new StringBuilder(length);
        while (chars.Length < length)
        {
            int pick = random.Next(100);
            chars.Append(pick switch
            {
                < 85 => ((char)random.Next(0x21, 0x7F)).ToString(),
                < 92 => ((char)random.Next(0xA0, 0x800)).ToString(),
                < 97 => ((char)random.Next(0x800, 0xD800)).ToString(),
                _ => char.ConvertFromUtf32(random.Next(0x10000, 0x10FFFF)),
            });
        }

        return chars.ToString();
    }
}
