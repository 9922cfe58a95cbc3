using BanditServe.Streaming.Collections;

namespace BanditServe.Streaming.Tests.Collections;

public sealed class BlockPoolTests
{
    [Fact]
    public void Rented_blocks_never_overlap_and_keep_their_contents_while_others_come_and_go()
    {
        var pool = new BlockPool<int>();
        var random = new Random(7);
        var live = new List<(BlockRef Block, int Length, int Stamp)>();
        for (int step = 0; step < 20_000; step++)
        {
            if (live.Count > 0 && random.Next(3) == 0)
            {
                int victim = random.Next(live.Count);
                var (block, length, stamp) = live[victim];
                Assert.All(pool.Get(block, length).ToArray(), value => Assert.Equal(stamp, value));
                pool.Return(block);
                live.RemoveAt(victim);
            }
            else
            {
                // Mostly small blocks, sometimes ones larger than a chunk.
                int length = random.Next(10) == 0 ? random.Next(1, 200_000) : random.Next(1, 300);
                var block = pool.Rent(length);
                pool.Get(block, length).Fill(step);
                live.Add((block, length, step));
            }
        }

        foreach (var (block, length, stamp) in live)
        {
            Assert.All(pool.Get(block, length).ToArray(), value => Assert.Equal(stamp, value));
        }
    }

    [Fact]
    public void A_returned_block_is_reused_for_the_same_size_class()
    {
        var pool = new BlockPool<float>();
        var first = pool.Rent(20);
        var second = pool.Rent(32);
        Assert.Equal(first.SizeClass, second.SizeClass);
        Assert.NotEqual(first.Index, second.Index);

        pool.Return(first);
        Assert.Equal(first, pool.Rent(17));
        Assert.Equal(2 * 32, pool.RentedLength);
    }

    [Fact]
    public void Zero_length_is_no_block_and_a_span_longer_than_its_block_is_refused()
    {
        var pool = new BlockPool<char>();
        Assert.True(pool.Rent(0).IsNone);
        Assert.Equal(0, pool.Get(BlockRef.None, 0).Length);
        pool.Return(BlockRef.None);

        var block = pool.Rent(5);
        Assert.Equal(8, pool.Get(block, 8).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Get(block, 9).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(-1));
    }
}
